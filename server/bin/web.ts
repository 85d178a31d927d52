// Web process entry (the container's `web` command). Validates config, connects to Postgres
// (embedded only in local mode without DATABASE_URL), runs migrations, serves HTTP.
// Tracing starts first, before Express and the SDKs are evaluated (ADR 023).
import '../platform/tracing-start';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { createDatabases } from '../../db/client';
import { bootProcess } from '../platform/boot';
import { createHttpApp } from '../web/http';
import { ReplicaMonitor } from '../platform/read-your-writes';
import { originCacheEvictions, originCachePurgedPages, originCachePurges, originCacheRevalidations, readYourWritesWait } from '../platform/metrics';
import { OriginCache } from '../platform/origin-cache';
import { listenForPurges } from '../platform/purge';
import { createBoss } from '../platform/boss';
import { createQueues } from '../platform/queues';
import { createOutbox } from '../platform/outbox';
import { watchMetricSources } from '../web/metric-sources';
import { createShopifyClient } from '../integrations/shopify/client';
import { createStripeClient } from '../integrations/stripe/client';
import { stopTracing, tracingOn } from '../platform/tracing';

async function main() {
  const { config, logger, pg, url } = await bootProcess('web');
  const db = createDatabases({
    url,
    replicaUrl: config.DATABASE_REPLICA_URL,
    max: config.DATABASE_POOL_MAX,
    applicationName: `dotshop-web-${config.REGION}`,
    preparedStatements: config.DATABASE_PREPARED_STATEMENTS === '1',
    traceStatements: tracingOn(),
  });
  const build = (await import(pathToFileURL(path.resolve('build/server/index.js')).href)) as ServerBuild;
  // The web process only sends jobs (inside its transactions); the worker runs them.
  const boss = createBoss(url, logger, { max: 2 });
  await boss.start();
  await createQueues(boss);
  const outbox = createOutbox(boss);
  // Checkout waits for Stripe at most STRIPE_TIMEOUT_MS, once: past that the order is placed and its
  // payment confirmed in the background (checkout.confirm-payment), so the shopper is told at once.
  const stripe = createStripeClient(config, { timeoutMs: config.STRIPE_TIMEOUT_MS, maxNetworkRetries: 0 });
  const shopify = createShopifyClient(config, { log: (severity, message) => logger.warn({ severity }, message) });
  // /metrics reads reconciliation, oversell risk, sync lag, jobs, money invariants and the databases at scrape time (the worker does the work).
  watchMetricSources(db, { region: config.REGION, replicaIsPrimary: db.replica === db.primary });
  // A region with its own replica watches it: reads skip it while it is down or lagging (issue 12).
  const replicaMonitor = db.replica !== db.primary ? new ReplicaMonitor(db.replica, { intervalMs: 1000, maxLagSeconds: config.REPLICA_MAX_LAG_SECONDS }).start() : null;
  // ISR at the origin (ADR 027): purges reach this process by LISTEN on the primary; after a drop of
  // that connection anything may have been missed, so everything goes.
  const originCache = new OriginCache({
    maxBytes: config.ISR_MAX_BYTES,
    freshSeconds: config.ISR_FRESH_SECONDS,
    staleSeconds: config.ISR_STALE_SECONDS,
    events: {
      onEvict: (n) => originCacheEvictions.inc(n),
      onPurge: (keys, pages) => {
        originCachePurges.inc(keys);
        originCachePurgedPages.inc(pages);
      },
      onRevalidate: (outcome) => originCacheRevalidations.inc({ outcome }),
    },
  });
  const purgeListener = originCache.enabled
    ? await listenForPurges(db.primarySql, {
        onKeys: (keys, lsn) => originCache.purge(keys, lsn),
        onResubscribed: () => {
          logger.warn('origin cache: the purge LISTEN connection was re-established; dropping every cached page');
          originCache.purgeAll();
        },
      })
    : null;
  const app = createHttpApp({ config, logger, db, build, outbox, stripe, shopify, replicaMonitor, originCache, observeReadWait: (seconds) => readYourWritesWait.observe({ region: config.REGION }, seconds) });
  const server = app.listen(config.PORT, config.HOST, () => {
    logger.info({ port: config.PORT }, `DotShop web listening on http://localhost:${config.PORT}`);
  });
  server.keepAliveTimeout = 65_000;
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close(async () => {
      await purgeListener?.stop().catch(() => {});
      await boss.stop({ graceful: false }).catch(() => {});
      await db.close();
      await stopTracing();
      await pg.stop();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
