// Writes next to the primary (issue 12, ADR 024). A region that does not hold the primary database
// does not run write transactions itself — each would pay one WAN round trip per statement (about
// 25 for a checkout). It forwards every non-GET request (page actions, the REST API, webhooks,
// admin actions) to the primary region's web tier, once, over a kept-alive connection: one round
// trip. Reads stay here, on the regional replica. The Blues stack / fly-replay shape, done in the
// web process with http-proxy-middleware so the request streams through untouched (signed webhook
// bodies included) and the Host header is kept (origin checks and cookies behave as if the
// shopper had reached the primary region directly).
//
// The primary region marks its answer to a forwarded write with the commit's WAL position (the
// `dotshop_lsn` cookie, region-reads.ts), so the shopper's next page here waits for this replica
// to replay it: read-your-writes across regions.
import http from 'node:http';
import type { RequestHandler } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { forwardedWrites } from '../platform/metrics';
import { FORWARDED_FROM, UNAVAILABLE_PAGE } from './region-reads';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function parseRegionUrls(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (value ?? '').split(',')) {
    const [region, url] = pair.split('=').map((s) => s?.trim());
    if (region && url) out[region] = url.replace(/\/+$/, '');
  }
  return out;
}

/** Where this region's writes go, or null when it writes itself (it is the primary region, or WRITE_PATH=direct). */
export function writeTarget(config: Pick<Config, 'REGION' | 'PRIMARY_REGION' | 'REGION_URLS' | 'WRITE_PATH'>): string | null {
  if (config.WRITE_PATH !== 'forward' || config.REGION === config.PRIMARY_REGION) return null;
  return parseRegionUrls(config.REGION_URLS)[config.PRIMARY_REGION] ?? null;
}

export function forwardWritesToPrimary(opts: {
  config: Pick<Config, 'REGION' | 'PRIMARY_REGION' | 'REGION_URLS' | 'WRITE_PATH'>;
  logger: Logger;
  /** Longest wait for the primary region's answer (a checkout waits for Stripe at most STRIPE_TIMEOUT_MS). */
  timeoutMs?: number;
}): RequestHandler | null {
  const target = writeTarget(opts.config);
  if (!target) return null;
  const { REGION: region, PRIMARY_REGION: primaryRegion } = opts.config;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 30_000 });
  const started = new WeakMap<http.IncomingMessage, bigint>();
  const observe = (req: http.IncomingMessage, outcome: 'answered' | 'unreachable') => {
    const t0 = started.get(req);
    if (t0 !== undefined) forwardedWrites.observe({ region, primary_region: primaryRegion, outcome }, Number(process.hrtime.bigint() - t0) / 1e9);
  };
  const proxy = createProxyMiddleware({
    target,
    agent,
    xfwd: true,
    changeOrigin: false,
    proxyTimeout: opts.timeoutMs ?? 15_000,
    // A forwarded request is never forwarded again (two regions that disagree during a flip cannot
    // bounce a write between them); the local OTLP ingest stays local.
    pathFilter: (path, req) => !READS.has(req.method ?? 'GET') && req.headers[FORWARDED_FROM] === undefined && !path.startsWith('/_local/'),
    on: {
      proxyReq: (proxyReq, req) => {
        started.set(req, process.hrtime.bigint());
        proxyReq.setHeader(FORWARDED_FROM, region);
      },
      proxyRes: (_proxyRes, req) => observe(req, 'answered'),
      error: (err, req, res) => {
        observe(req, 'unreachable');
        opts.logger.error({ err, primaryRegion, url: req.url }, 'forwarding a write to the primary region failed');
        if (!('writeHead' in res) || res.headersSent) {
          res.destroy();
          return;
        }
        const api = (req.url ?? '').startsWith('/api/');
        res.writeHead(503, { 'Content-Type': api ? 'application/json' : 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Retry-After': '30' });
        res.end(api ? JSON.stringify({ error: { code: 'primary_unavailable', message: 'We cannot take changes right now and nothing was saved. Please try again in a minute.' } }) : UNAVAILABLE_PAGE);
      },
    },
  });
  return proxy as unknown as RequestHandler;
}
