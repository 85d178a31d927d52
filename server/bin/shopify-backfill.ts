// `npm run shopify:backfill [-- --restart] [-- --reconcile]`: imports the whole Shopify catalog and
// stock page by page (progress bar on stderr), waiting out THROTTLED; an interrupted run resumes
// from its cursor in sync_cursors. Same config as the app (SHOPIFY_*, DATABASE_URL or embedded).
import { createDatabases } from '../../db/client';
import { bootProcess } from '../platform/boot';
import { createNotifyingPurgeAdapter, createPurgeAdapterForConfig } from '../platform/purge';
import { progressLine, syncCatalog } from '../modules/shopify-sync';
import { createShopifyClient } from '../integrations/shopify/client';

async function main() {
  const args = new Set(process.argv.slice(2));
  process.env.DOTSHOP_SERVICE = 'shopify-backfill';
  const { config, logger, pg, url } = await bootProcess('worker');
  const db = createDatabases({ url, max: 2, applicationName: 'dotshop-shopify-backfill' });
  const shopify = createShopifyClient(config);
  // Every web process's page cache hears the purge too (NOTIFY on the primary, ADR 027).
  const purger = createNotifyingPurgeAdapter(db.primarySql, createPurgeAdapterForConfig(config, (msg, data) => logger.info(data, msg)));
  const tty = process.stderr.isTTY;
  let throttleNote = '';
  try {
    const r = await syncCatalog(
      { db: db.primary, shopify, purger },
      {
        cursorName: args.has('--reconcile') ? 'reconcile' : 'backfill',
        restart: args.has('--restart'),
        onThrottled: (cost, ms) => {
          throttleNote = `  (throttled: waiting ${ms} ms, bucket ${Math.round(cost.throttleStatus.currentlyAvailable)}/${cost.throttleStatus.maximumAvailable})`;
        },
        onProgress: (p) => {
          const line = progressLine(p) + throttleNote;
          throttleNote = '';
          process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
        },
      },
    );
    if (tty) process.stderr.write('\n');
    process.stderr.write(
      `${r.resumedFrom ? 'Resumed; ' : ''}${r.products} products in ${r.pages} pages; ${r.applied} applied, ${r.stale} already newer; ` +
        `${r.stockRepaired.length} stock differences repaired; ${r.pendingResolved} pending inventory updates resolved; waited out THROTTLED ${r.throttledWaits}×.\n`,
    );
  } finally {
    await db.close();
    await pg.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
