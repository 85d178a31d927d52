// Shopify → storefront: a price changed in Shopify (the emulator's control API) reaches the product
// page by itself — signed webhook → inbox → apply job → projection — and the sync purges the page.
import { sql } from 'drizzle-orm';
import { E2E_PORT } from '../env';
import { expect, test } from '../fixtures';
import { ProductPage } from '../pages/ProductPage';

const SHOPIFY = `http://127.0.0.1:${Number(process.env.E2E_SHOPIFY_EMULATOR_PORT ?? E2E_PORT + 9021)}`;

test('a price changed in Shopify shows on the product page on its own', async ({ page, db, request }) => {
  // A single-variant active product from the seed, so the page shows that variant's price.
  const [row] = await db.primary.execute<{ handle: string; sku: string; usd: number }>(sql`
    select p.handle, v.sku, vp.amount as usd from products p
      join variants v on v.product_id = p.id
      join variant_prices vp on vp.variant_id = v.id and vp.currency = 'USD'
     where p.status = 'active' and p.shopify_id is not null and v.shopify_id is not null
       and (select count(*) from variants v2 where v2.product_id = p.id) = 1
     order by p.id desc limit 1`);
  expect(row, 'a single-variant seeded product').toBeTruthy();
  const product = new ProductPage(page);
  await product.goto(row.handle);
  const before = await product.price();
  // The page is now kept in the web process (ISR at the origin, ADR 027): an anonymous request is a
  // hit, with its own CSP nonce written into the stored HTML.
  const hit = await request.get(`/products/${row.handle}`);
  expect(hit.headers()['x-origin-cache']).toBe('HIT');
  const nonce = /'nonce-([^']+)'/.exec(hit.headers()['content-security-policy'] ?? '')?.[1];
  expect(nonce).toBeTruthy();
  expect(await hit.text()).toContain(`nonce="${nonce}"`);

  const next = (row.usd + 1100) / 100; // e.g. 72.00 → 83.00
  const res = await request.post(`${SHOPIFY}/_emulator/variants/${encodeURIComponent(row.sku)}/price`, { data: { amount: next.toFixed(2), currency: 'USD' } });
  expect(res.ok()).toBe(true);

  const shown = `$${Number.isInteger(next) ? next : next.toFixed(2)}`;
  await expect
    .poll(
      async () => {
        await product.goto(row.handle);
        return product.price();
      },
      { timeout: 15_000, intervals: [250, 500, 1000] },
    )
    .toContain(shown.replace(/\.00$/, ''));
  expect(await product.price()).not.toBe(before);
  // …and the purge reached the origin cache: an anonymous request sees the new price too.
  expect(await (await request.get(`/products/${row.handle}`)).text()).toContain(shown.replace(/\.00$/, ''));

  // The sync recorded its lag and purged the product's page.
  const purges = await (await request.get('/_local/purges')).json();
  expect(purges.purges.some((p: { keys: string[] }) => p.keys.includes(`product:${row.handle}`))).toBe(true);
  const [lag] = await db.primary.execute<{ applied: boolean; purged: boolean }>(sql`
    select applied_at is not null as applied, purged_at is not null as purged from sync_lag_samples where direction = 'inbound' and topic = 'products/update' order by id desc limit 1`);
  expect(lag).toEqual({ applied: true, purged: true });
});
