// Worker process entry (the container's `worker` command): pg-boss on the primary, one module
// per queue registered here. Tracing starts first, before the SDKs are evaluated (ADR 023).
import '../server/platform/tracing-start';
import { createDatabases } from '../db/client';
import { bootProcess } from '../server/platform/boot';
import { createOutbox } from '../server/platform/outbox';
import { createStripeClient } from '../server/integrations/stripe/client';
import { createBoss } from '../server/platform/boss';
import { registerOrderJobs } from './order-jobs';
import { registerPaymentJobs } from './payment-jobs';
import { registerPurgeExpiredAdminSessions } from './purge-expired-admin-sessions';
import { createQueues } from '../server/platform/queues';
import { registerReconcileJobs } from './reconcile-jobs';
import { createNotifyingPurgeAdapter, createPurgeAdapterForConfig } from '../server/platform/purge';
import { createShopifyClient } from '../server/integrations/shopify/client';
import { registerShopifyInboundJobs } from './shopify-inbound-jobs';
import { registerFailedJobActions } from './failed-jobs';
import { stopTracing, tracingOn } from '../server/platform/tracing';

async function main() {
  const { config, logger, pg, url } = await bootProcess('worker');
  const db = createDatabases({ url, max: 5, applicationName: `dotshop-worker-${config.REGION}`, preparedStatements: config.DATABASE_PREPARED_STATEMENTS === '1', traceStatements: tracingOn() });
  const boss = createBoss(url, logger, { supervise: true, schedule: true, max: 6, listen: true });
  await boss.start();
  await createQueues(boss);
  await registerPurgeExpiredAdminSessions(boss, db, logger);
  const stripe = createStripeClient(config);
  const outbox = createOutbox(boss);
  // Every web process's page cache hears the purge too (NOTIFY on the primary, ADR 027).
  const purger = createNotifyingPurgeAdapter(db.primarySql, createPurgeAdapterForConfig(config, (msg, data) => logger.info(data, msg)));
  const shopify = createShopifyClient(config, { log: (severity, message) => logger.warn({ severity }, message) });
  await registerOrderJobs(boss, { db, logger, stripe, outbox, publicUrl: config.PUBLIC_URL, shopify, purger });
  await registerPaymentJobs(boss, { db, logger, stripe, outbox });
  await registerReconcileJobs(boss, { db, logger, stripe });
  await registerShopifyInboundJobs(boss, { db, logger, outbox, shopify, purger });
  await registerFailedJobActions(boss, { db, logger });
  logger.info({ region: config.REGION }, 'DotShop worker started');

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'worker shutting down');
    await boss.stop({ graceful: true, timeout: 10_000 }).catch(() => {});
    await db.close();
    await stopTracing();
    await pg.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
