// `npm run payments:void-orphans -- [--hours N] [--apply]` (issue 12, runbook region-failover.md):
// lists the PaymentIntents of the last N hours (default 24) whose order does not exist on the
// primary — what a failover to an asynchronous standby can leave behind — and, with --apply, voids
// the authorized ones and refunds the captured ones (idempotent: safe to run twice). Without --apply
// it changes nothing. Exit 0 either way; the table says what it found.
import { parseArgs } from 'node:util';
import { createDatabases } from '../../db/client';
import { ensurePostgres } from '../../db/postgres';
import { createStripeClient } from '../integrations/stripe/client';
import { findAndVoidOrphanedPaymentIntents } from '../modules/payments';
import { loadConfig } from '../platform/config';

const { values } = parseArgs({ options: { hours: { type: 'string', default: '24' }, apply: { type: 'boolean', default: false } } });
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
} finally {
  await db.close();
  await pg.stop();
}
