// `npm run payments:void-orphans -- [--hours N] [--apply] [--scan-shopify]` (issue 12, runbook region-failover.md):
// lists the PaymentIntents of the last N hours (default 24) whose order does not exist on the
// primary — what a failover to an asynchronous standby can leave behind — and, with --apply, voids
// the authorized ones and refunds the captured ones (idempotent: safe to run twice). It does the
// same for stock: the open Shopify orders pushed for those lost orders (an order is written before
// its PaymentIntent and pushed once authorized, so the orphaned PaymentIntents name them all) are
// listed and, with --apply, cancelled with restock (no refund there: that is Stripe's side).
// Without --apply it changes nothing. Exit 0 either way; the table says what it found.
import { parseArgs } from 'node:util';
import { createDatabases } from '../../db/client';
import { ensurePostgres } from '../../db/postgres';
import { createStripeClient } from '../integrations/stripe/client';
import { createShopifyClient } from '../integrations/shopify/client';
import { findAndVoidOrphanedPaymentIntents } from '../modules/payments';
import { findAndCancelOrphanedShopifyOrders } from '../modules/shopify-sync';
import { loadConfig } from '../platform/config';

const { values } = parseArgs({ options: { hours: { type: 'string', default: '24' }, apply: { type: 'boolean', default: false }, 'scan-shopify': { type: 'boolean', default: false } } });
const hours = Number(values.hours);
if (!Number.isFinite(hours) || hours <= 0) {
  console.error('--hours must be a positive number');
  process.exit(2);
}
const config = loadConfig();
const pg = await ensurePostgres({ databaseUrl: config.DATABASE_URL, dataDir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT });
const db = createDatabases({ url: config.DATABASE_URL ?? pg.urlFor(config.LOCAL_DB_NAME), max: 1, applicationName: 'dotshop-void-orphans' });
try {
  const stripe = createStripeClient(config, { maxNetworkRetries: 2 });
  const { examined, orphans } = await findAndVoidOrphanedPaymentIntents({ db: db.primary, stripe }, { since: new Date(Date.now() - hours * 3600_000), apply: values.apply });
  console.log(`${examined} PaymentIntent(s) in the last ${hours} h; ${orphans.length} without an order.`);
  for (const o of orphans) console.log(`  ${o.id}  ${o.status}  ${o.amount} ${o.currency.toUpperCase()}  order ${o.orderId ?? '(none)'}  → ${values.apply ? o.action : 'dry run (add --apply)'}`);
  const since = new Date(Date.now() - hours * 3600_000);
  const shopify = await findAndCancelOrphanedShopifyOrders({ db: db.primary, shopify: createShopifyClient(config) }, {
    since,
    apply: values.apply,
    // --scan-shopify: every open DotShop order on Shopify in the window (after a run that voided the
    // PaymentIntents but was interrupted before Shopify, whose PaymentIntents no longer show).
    orderIds: values['scan-shopify'] ? undefined : orphans.map((o) => o.orderId).filter((id): id is string => id !== null),
  });
  console.log(`${shopify.examined} open Shopify order(s) looked at; ${shopify.orphans.length} without an order.`);
  for (const o of shopify.orphans) console.log(`  ${o.shopifyOrderId}  ${o.name}  order ${o.orderId ?? '(none)'}  → ${values.apply ? `${o.action}${o.error ? ` (${o.error})` : ''}` : 'dry run (add --apply)'}`);
} finally {
  await db.close();
  await pg.stop();
}
