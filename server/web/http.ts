// The HTTP entry: Express with request ids, structured logs, RED metrics, compression, health
// checks, immutable static assets and the Remix handler. Pure wiring: no domain logic here.
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { createRequestHandler, type ServerBuild } from '@remix-run/node';
import { matchRoutes, type AgnosticRouteObject as RouteObject } from '@remix-run/router';
import compression from 'compression';
import express from 'express';
import { pinoHttp } from 'pino-http';
import { sql } from 'drizzle-orm';
import type { Databases } from '../../db/client';
import type { Config } from '../platform/config';
import type { AppContext, ReplicaStatus } from '../platform/context';
import type { Logger } from '../platform/logger';
import { productArtHandler } from './product-art-route';
import type { Outbox } from '../platform/outbox';
import type { ShopifyClient } from '../integrations/shopify/client';
import type { Stripe } from '../integrations/stripe/client';
import { httpDuration, httpErrors, originCacheRequests, registry, setOriginCacheSource } from '../platform/metrics';
import type { OriginCache, RenderedPage } from '../platform/origin-cache';
import { captureForOriginCache, fillingOriginCache, originCacheMiddleware } from './origin-cache-middleware';
import { ingestOtlpJson, nameRequestSpan, tracingOn } from '../platform/tracing';
import { withRouteSpans } from './remix-spans';
import { ADMIN_SIGN_IN_PATHS, rejectCrossSiteAdminPosts, rejectCrossSiteStorefrontPosts, rejectNulInUrl } from './express-guards';
import { cspNonce, securityHeaders } from './security-headers';
import { limitFormBodies, withBufferedBody } from './form-body-limit';
import { regionAwareRemixHandler } from './region-reads';
import { forwardWritesToPrimary } from './write-forwarding';
import { readerFor, type ReplicaMonitor } from '../platform/read-your-writes';
import { adminSignInRateLimit, orderLookupRateLimit } from '../platform/rate-limit';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#1c1917"/><circle cx="32" cy="32" r="9" fill="#f5efe6"/></svg>`;

/** A path segment that is an id (a UUID or a number): it varies per request, the route it names does not. */
const ID_SEGMENT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+)$/i;
const LABEL_CACHE_MAX = 2000;

/**
 * Maps a URL to the Remix route id that serves it, so metrics are labelled per route, not per URL.
 * `matchRoutes` flattens and ranks the whole route tree and compiles a RegExp per candidate on
 * every call (~8 % of the web process's CPU at the checkout peak, ADR 026), so the answer is
 * remembered per path shape (ids replaced by `0`), in a bounded map.
 */
export function routeLabeller(build: Pick<ServerBuild, 'routes'>) {
  const byParent = new Map<string | undefined, RouteObject[]>();
  const toObject = (id: string): RouteObject => {
    const r = build.routes[id];
    const children = byParent.get(id);
    return r.index
      ? { id, index: true, path: r.path }
      : { id, path: r.path, caseSensitive: r.caseSensitive, children };
  };
  const ids = Object.keys(build.routes);
  // children first: build leaves before parents
  const depth = (id: string): number => (build.routes[id].parentId ? 1 + depth(build.routes[id].parentId!) : 0);
  for (const id of ids.sort((a, b) => depth(b) - depth(a))) {
    const parent = build.routes[id].parentId;
    const list = byParent.get(parent) ?? [];
    list.push(toObject(id));
    byParent.set(parent, list);
  }
  const tree = byParent.get(undefined) ?? [];
  const known = new Map<string, string>();
  return (pathname: string) => {
    const shape = pathname.split('/').map((s) => (ID_SEGMENT.test(s) ? '0' : s)).join('/');
    let id = known.get(shape);
    if (id === undefined) {
      const matches = matchRoutes(tree, shape);
      id = matches?.[matches.length - 1]?.route.id ?? 'unmatched';
      if (known.size >= LABEL_CACHE_MAX) known.clear(); // unknown paths (scanners) cannot grow it
      known.set(shape, id);
    }
    return id;
  };
}

export function createHttpApp(opts: {
  config: Config;
  logger: Logger;
  db: Databases;
  build: ServerBuild;
  outbox: Outbox;
  stripe: Stripe;
  shopify: ShopifyClient;
  assetsDir?: string;
  /** The regional replica's health (a region with its own replica): reads skip it when unhealthy; /readyz says degraded. */
  replicaMonitor?: ReplicaMonitor | null;
  observeReadWait?: (seconds: number) => void;
  /** The in-process page cache (ISR at the origin, ADR 027); null or absent = every page rendered. */
  originCache?: OriginCache | null;
}) {
  const { config, logger, db, build, outbox, stripe, shopify } = opts;
  const assetsDir = opts.assetsDir ?? path.resolve('build/public');
  const labelRoute = routeLabeller(build);
  const app = express();
  app.disable('x-powered-by');
  const originCache = opts.originCache?.enabled ? opts.originCache : null;
  const replicaStatus = (): ReplicaStatus | null => {
    const m = opts.replicaMonitor;
    return m ? { region: config.REGION, healthy: m.healthy, lagSeconds: m.last?.seconds ?? null, lagBytes: m.last?.bytes ?? null, error: m.lastError } : null;
  };
  // Only the configured proxy hops are believed (issue 11 §2.1): with `true`, anyone could rotate
  // X-Forwarded-For to dodge the per-IP sign-in limit.
  app.set('trust proxy', config.TRUST_PROXY);

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' || req.url?.startsWith('/build/') === true },
      serializers: {
        req: (req) => ({ id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    }),
  );

  app.use((req, res, next) => {
    nameRequestSpan(labelFor(req.path));
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const route = labelFor(req.path);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      httpDuration.observe({ method: req.method, route, status: `${Math.floor(res.statusCode / 100)}xx` }, seconds);
      if (res.statusCode >= 500) httpErrors.inc({ method: req.method, route });
    });
    next();
  });
  // Single fetch sends a form's POST (and client navigations) to `<path>.data` (`/_root.data` for
  // `/`): label it by the route it serves, so checkout's p95 is checkout's whatever the client.
  const labelOf = (p: string) =>
    p === '/healthz' || p === '/readyz' || p === '/metrics' || p === '/favicon.ico'
      ? p
      : p.startsWith('/build/')
        ? 'static'
        : p === '/_root.data'
          ? labelRoute('/')
          : labelRoute(p.endsWith('.data') ? p.slice(0, -'.data'.length) : p);

  // Matching a URL against the route tree costs more than serving a cached page: remember labels
  // per path (bounded; a flood of distinct URLs only clears the memo).
  const labels = new Map<string, string>();
  const labelFor = (p: string) => {
    let label = labels.get(p);
    if (label === undefined) {
      if (labels.size >= 10_000) labels.clear();
      label = labelOf(p);
      labels.set(p, label);
    }
    return label;
  };

  // A region without the primary database sends its writes to the primary region's web tier (ADR
  // 024); that region runs every check and sets every header. Reads stay here, on this region's replica.
  const forward = forwardWritesToPrimary({ config, logger, timeoutMs: config.STRIPE_TIMEOUT_MS + 10_000 });
  if (forward) app.use(forward);

  app.use(compression());
  app.use(securityHeaders({ production: config.DOTSHOP_MODE === 'production' }));

  // Hits are answered here, before the health, static and guard routes: a cached URL already passed them.
  if (originCache) {
    setOriginCacheSource(() => originCache.stats());
    // A stale page's background re-render runs outside any request: its own id, nonce and logger.
    const handle = createRequestHandler(withRouteSpans(build), config.NODE_ENV === 'production' ? 'production' : 'development');
    const render = async (renderUrl: string): Promise<RenderedPage> => {
      const requestId = `isr-${randomUUID()}`;
      const nonce = randomBytes(16).toString('base64');
      // Reads at or after the latest purge, like a fill in a request (region-reads.ts).
      const reader = await readerFor(db, originCache.fillFloorLsn, { monitor: opts.replicaMonitor ?? undefined });
      const readDb = reader.db === db.replica ? db : { ...db, replica: reader.db };
      const context: AppContext = { requestId, cspNonce: nonce, replicaStatus, logger: logger.child({ reqId: requestId, isr: 'revalidate' }), db: readDb, config, clientIp: '127.0.0.1', outbox, stripe, shopify };
      const response = await handle(new Request(renderUrl, { headers: { accept: 'text/html' } }), context);
      return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()), nonce, requestHadCookie: false, renderUrl };
    };
    app.get(
      '*',
      originCacheMiddleware({
        cache: originCache,
        render,
        count: (result) => originCacheRequests.inc({ result }),
        onError: (err) => logger.warn({ err }, 'origin cache: a background re-render failed; the stale page stays until the next try'),
      }),
    );
  }

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    let primaryError: unknown = null;
    await db.primary.execute(sql`select 1`).catch((err: unknown) => {
      primaryError = err;
    });
    if (primaryError) logger.error({ err: primaryError }, 'readiness check: the primary database is unreachable');
    // A region with its own replica stays ready but degraded when the replica is down or lagging
    // (reads fall back to the primary) or when the primary is unreachable (the catalog is served
    // from the replica, writes answer 503): it only leaves the load balancer when it can serve
    // nothing at all (issue 12).
    const monitor = opts.replicaMonitor;
    if (monitor) {
      const body = {
        region: config.REGION,
        primary: { reachable: !primaryError },
        replica: { healthy: monitor.healthy, lagSeconds: monitor.last?.seconds ?? null, lagBytes: monitor.last?.bytes ?? null, error: monitor.lastError },
      };
      if (primaryError && !monitor.healthy) res.status(503).set('Cache-Control', 'no-store').json({ status: 'unavailable', reason: 'database unreachable', ...body });
      else res.set('Cache-Control', 'no-store').json({ status: !primaryError && monitor.healthy ? 'ready' : 'degraded', ...body });
      return;
    }
    try {
      if (primaryError) throw primaryError;
      await db.replica.execute(sql`select 1`);
      res.set('Cache-Control', 'no-store').json({ status: 'ready', region: config.REGION });
    } catch (err) {
      logger.error({ err }, 'readiness check failed: database unreachable');
      res.status(503).set('Cache-Control', 'no-store').json({ status: 'unavailable', reason: 'database unreachable' });
    }
  });
  app.get('/metrics', async (req, res) => {
    // Production mode cannot start without METRICS_TOKEN (config.ts): /metrics is never open there.
    if (config.METRICS_TOKEN && req.headers.authorization !== `Bearer ${config.METRICS_TOKEN}`) {
      res.status(401).end();
      return;
    }
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  });
  // Local mode: the worker's spans come here (local-stack points its OTLP exporter at this path), so
  // /admin/traces shows the jobs of a checkout beside its request. Loopback only; ADR 023.
  if (config.isLocal && tracingOn()) {
    app.post('/_local/otlp/v1/traces', express.json({ limit: '10mb' }), (req, res) => {
      const ip = req.socket.remoteAddress ?? '';
      if (!/^(127\.|::1$|::ffff:127\.)/.test(ip)) {
        res.status(403).end();
        return;
      }
      ingestOtlpJson(req.body);
      res.json({});
    });
  }
  app.get('/favicon.ico', (_req, res) => {
    res.set({ 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' }).send(FAVICON_SVG);
  });

  app.get('/media/art/:file', productArtHandler);
  // Fingerprinted build assets never change: cache them for a year.
  app.use('/build', express.static(path.join(assetsDir, 'build'), { immutable: true, maxAge: '1y', index: false }));
  app.use('/build', (_req, res) => {
    res.status(404).end();
  });

  // Cross-site POSTs to the admin get a clean 403 here (Remix would answer a 500); sign-in is
  // throttled per IP on both the document and the single-fetch (.data) path.
  app.use(rejectNulInUrl());
  app.use('/admin', rejectCrossSiteAdminPosts({ publicUrl: config.PUBLIC_URL }));
  app.use(rejectCrossSiteStorefrontPosts({ publicUrl: config.PUBLIC_URL }));
  app.post(ADMIN_SIGN_IN_PATHS, adminSignInRateLimit(config.ADMIN_SIGNIN_RATE_LIMIT));
  app.post(['/orders/lookup', '/orders/lookup.data'], orderLookupRateLimit(config.ORDER_LOOKUP_RATE_LIMIT));
  // Page forms are read with their limit enforced while streaming; the API and webhooks read their own.
  app.use(limitFormBodies({ skip: (p) => p.startsWith('/api/') || p.startsWith('/webhooks/') }));

  const remix = regionAwareRemixHandler({
    build: withRouteSpans(build),
    mode: config.NODE_ENV === 'production' ? 'production' : 'development',
    db,
    monitor: opts.replicaMonitor ?? null,
    secureCookies: !config.isLocal,
    requestFor: (req, res) => withBufferedBody(req, res.locals.formBody as Buffer | undefined),
    observeWait: (seconds) => opts.observeReadWait?.(seconds),
    ...(originCache
      ? {
          onResponse: (req, res, response) => captureForOriginCache(originCache, req, res, response),
          readFloor: (_req, res) => (fillingOriginCache(res) ? originCache.fillFloorLsn : null),
        }
      : {}),
    getLoadContext: (req, res, readDb): AppContext => ({
      requestId: String(req.id),
      cspNonce: cspNonce(res),
      replicaStatus: replicaStatus,
      logger: req.log,
      db: readDb,
      config,
      clientIp: req.ip ?? 'unknown',
      outbox,
      stripe,
      shopify,
    }),
  });
  app.all(
    '*',
    // Again here: Express's instrumentation names the route `*` when this layer matches.
    (req, _res, next) => {
      nameRequestSpan(labelFor(req.path));
      next();
    },
    remix,
  );

  return app;
}
