// Shopify inbound workers: apply a verified webhook from the inbox (woken by NOTIFY: the inbound
// lag is a metric), the hourly catalog + stock reconcile (singleton), and the inventory drift pass
// every 15 minutes (singleton; ADR 028).
import type { PgBoss } from 'pg-boss';
import type { Databases } from '../db/client';
import type { Logger } from '../server/platform/logger';
import type { Outbox } from '../server/platform/outbox';
import type { PurgeAdapter } from '../server/platform/purge';
import { syncCatalog, applyShopifyEvents, DRIFT_PASS_CRON, runDriftPass } from '../server/modules/shopify-sync';
import type { ShopifyClient } from '../server/integrations/shopify/client';
import { queues } from '../server/platform/queues';
import { workBatch } from './work';

export const SHOPIFY_RECONCILE_CRON = '41 * * * *';

export type ShopifyInboundJobDeps = { db: Databases; logger: Logger; outbox: Outbox; shopify: ShopifyClient; purger: PurgeAdapter };

export async function registerShopifyInboundJobs(boss: PgBoss, deps: ShopifyInboundJobDeps, opts: { schedule?: boolean } = {}) {
  const apply = { db: deps.db.primary, outbox: deps.outbox, shopify: deps.shopify, purger: deps.purger, logger: deps.logger };
  // Woken by NOTIFY when the webhook's inbox row commits (queue option `notify`). A burst is fetched
  // up to 200 at a time and applied as a batch: stock levels in one statement (coalesced per item,
  // newest wins), one purge for the batch; other topics one by one (ADR 027).
  await workBatch<{ eventId: string }>(
    boss,
    queues.applyShopifyWebhook,
    { batchSize: 200, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 5 },
    async (jobs) => {
      const outcomes = await applyShopifyEvents(apply, jobs.map((j) => j.data.eventId));
      return new Map(jobs.map((j) => {
        const o = outcomes.get(j.data.eventId);
        return [j.id, o instanceof Error ? o : null];
      }));
    },
    (err, job) => deps.logger.warn({ err, eventId: job.data.eventId }, 'applying a Shopify webhook failed; will retry'),
  );
  if (opts.schedule ?? true) await boss.schedule(queues.reconcileShopifyCatalog, SHOPIFY_RECONCILE_CRON, {});
  await boss.work(queues.reconcileShopifyCatalog, async () => {
    const r = await syncCatalog({ db: deps.db.primary, shopify: deps.shopify, purger: deps.purger }, { cursorName: 'reconcile' });
    const summary = { products: r.products, stockRepaired: r.stockRepaired.length, pendingResolved: r.pendingResolved, throttledWaits: r.throttledWaits, resumedFrom: r.resumedFrom };
    if (r.stockRepaired.length) deps.logger.warn({ ...summary, drift: r.stockRepaired.slice(0, 50) }, 'shopify reconcile repaired stock drift');
    else deps.logger.info(summary, 'shopify reconcile clean');
  });
  if (opts.schedule ?? true) await boss.schedule(queues.inventoryDriftPass, DRIFT_PASS_CRON, { trigger: 'schedule' });
  await boss.work<{ trigger?: 'schedule' | 'admin'; requestedBy?: string }>(queues.inventoryDriftPass, async ([job]) => {
    await runDriftPassJob({ db: deps.db.primary, shopify: deps.shopify, logger: deps.logger }, job.data);
  });
}

/** One drift pass. Shopify failing is recorded on the pass and logged, not thrown: the stale-pass alert covers an outage. */
export async function runDriftPassJob(deps: { db: Databases['primary']; shopify: ShopifyClient; logger: Logger }, data: { trigger?: 'schedule' | 'admin'; requestedBy?: string }) {
  const r = await runDriftPass({ db: deps.db, shopify: deps.shopify }, { trigger: data.trigger === 'admin' ? 'admin' : 'schedule' });
  const summary = { passId: r.passId, trigger: data.trigger, requestedBy: data.requestedBy, skusCompared: r.skusCompared, drifting: r.drifting.length, pages: r.pages, throttleWaits: r.throttleWaits };
  if (r.status === 'failed') deps.logger.warn({ ...summary, error: r.error }, 'inventory drift pass could not read Shopify');
  else if (r.drifting.length) deps.logger.warn({ ...summary, drift: r.drifting.slice(0, 20) }, 'inventory drift pass found drifting SKUs');
  else deps.logger.info(summary, 'inventory drift pass clean');
  return r;
}
