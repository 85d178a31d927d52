// The catalog storefront as a shopper meets it: browse, pick a variant (with and without
// JavaScript), search, switch region, hit a 404, send junk params; plus the caching contract.
// Products are found in the seeded database, so the suite follows the seed rather than hard-coding it.
import { sql } from 'drizzle-orm';
import type { Databases } from '../../db/client';
import { expect, test } from '../fixtures';
import { CategoryPage } from '../pages/CategoryPage';
import { ProductPage } from '../pages/ProductPage';
import { SearchPage } from '../pages/SearchPage';
import { StorefrontPage } from '../pages/StorefrontPage';

type VariantRow = { handle: string; title: string; sku: string; options: Record<string, string>; usd: number; eur: number | null; sellable: number; position: number };

async function activeVariants(db: Databases): Promise<VariantRow[]> {
  return db.primary.execute<VariantRow>(sql`
    select p.handle, p.title, v.sku, v.options, usd.amount as usd, eur.amount as eur, coalesce(i.sellable, 0) as sellable, v.position
      from products p
      join variants v on v.product_id = p.id
      join variant_prices usd on usd.variant_id = v.id and usd.currency = 'USD'
      left join variant_prices eur on eur.variant_id = v.id and eur.currency = 'EUR'
      left join inventory i on i.variant_id = v.id
     where p.status = 'active'
     order by p.id, v.position, v.id`);
}

const stockText = (sellable: number) => (sellable <= 0 ? 'Sold out' : sellable <= 5 ? `Only ${sellable} left` : 'In stock');

/** Two variants of one product that differ in exactly one option and differ in price or stock text. */
async function findVariantSwitch(db: Databases) {
  const rows = await activeVariants(db);
  const byProduct = new Map<string, VariantRow[]>();
  for (const r of rows) byProduct.set(r.handle, [...(byProduct.get(r.handle) ?? []), r]);
  for (const variants of byProduct.values()) {
    for (const a of variants) {
      for (const b of variants) {
        const names = Object.keys(a.options);
        const differing = names.filter((n) => a.options[n] !== b.options[n]);
        if (differing.length !== 1 || Object.keys(b.options).length !== names.length) continue;
        if (a.usd !== b.usd || stockText(a.sellable) !== stockText(b.sellable)) return { from: a, to: b, option: differing[0] };
      }
    }
  }
  throw new Error('the seed has no product whose variants differ in price or stock along one option');
}

const money = (minor: number, symbol: string) => `${symbol}${minor % 100 === 0 ? minor / 100 : (minor / 100).toFixed(2)}`.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

test.describe('storefront', () => {
  test('home → category → product', async ({ page }) => {
    const shop = new StorefrontPage(page);
    await page.goto('/');
    await expect(page).toHaveTitle(/DotShop/);
    await expect(page.getByRole('link', { name: 'DotShop, home' })).toBeVisible();
    await expect(shop.main.getByTestId('category-tile')).toHaveCount(3);
    await expect(shop.productCards().first()).toBeVisible();

    await shop.openCategory('Jewelry');
    const category = new CategoryPage(page);
    await expect(category.title).toHaveText('Jewelry');
    expect(await category.total()).toBeGreaterThan(0);
    await expect(category.productCards().first()).toBeVisible();
    const firstTitle = (await category.productCards().first().locator('.card__title').innerText()).trim();

    await category.openProduct(0);
    const product = new ProductPage(page);
    await expect(product.title).toHaveText(firstTitle);
    expect(await product.price()).toMatch(/^\$[\d,]+(\.\d{2})?$/);
    expect(await product.stockState()).toMatch(/^(In stock|Only \d left|Sold out)$/);
    await expect(product.main.getByTestId('tax-note')).toHaveText('Taxes calculated at checkout');
    // The add form posts to the cart with an intent, the SKU and a quantity.
    await expect(product.addToBag).toHaveAttribute('action', '/cart');
    await expect(product.addToBag.locator('input[name="intent"]')).toHaveValue('add');
    await expect(product.addToBag.locator('input[name="quantity"]')).toHaveCount(1);
  });

  test('category filters and sort narrow and order the grid', async ({ page, db }) => {
    const [row] = await db.primary.execute<{ name: string; value: string }>(sql`
      select kv.key as name, kv.value as value
        from products p join categories c on c.id = p.category_id and c.handle = 'fashion'
        join variants v on v.product_id = p.id cross join lateral jsonb_each_text(v.options) kv
       where p.status = 'active' group by 1, 2 order by count(distinct p.id) asc, 1, 2 limit 1`);
    const category = new CategoryPage(page);
    await category.goto('fashion');
    const all = await category.total();
    await category.goto('fashion', `?filter.${encodeURIComponent(row.name)}=${encodeURIComponent(row.value)}&sort=price-asc`);
    const filtered = await category.total();
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThanOrEqual(all);
    await expect(category.main.getByRole('checkbox', { name: new RegExp(`^${row.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`) })).toBeChecked();
    await expect(category.main.getByLabel('Sort by')).toHaveValue('price-asc');

    // With JavaScript, changing the sort or a checkbox submits the filter form at once.
    await category.main.getByLabel('Sort by').selectOption('name');
    await page.waitForURL(/sort=name/);
    expect(page.url()).toContain(`filter.${encodeURIComponent(row.name)}=`);
    await category.main.getByRole('checkbox', { checked: true }).uncheck();
    await expect.poll(() => page.url()).not.toContain('filter.');
    // The URL changes when the navigation starts; the grid's total once its data has arrived.
    await expect.poll(() => category.total()).toBe(all);

    // "Clear all" navigates client-side; the form's fields follow the page's state.
    await category.main.getByRole('checkbox').first().check();
    await page.waitForURL(/filter\./);
    await category.main.getByRole('link', { name: 'Clear all' }).click();
    await expect.poll(() => page.url()).not.toContain('filter.');
    await expect(category.main.getByRole('checkbox', { checked: true })).toHaveCount(0);
  });

  test('catalog pages hydrate without console errors', async ({ page }) => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    for (const url of ['/', '/collections/fashion', '/search?q=linen']) {
      await page.goto(url);
      await page.waitForLoadState('networkidle');
    }
    const category = new CategoryPage(page);
    await category.goto('beauty');
    await category.openProduct(0);
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
  });

  test('search finds a product, including by a partial word', async ({ page, db }) => {
    const [p] = await db.primary.execute<{ title: string }>(sql`select title from products where status = 'active' order by featured desc, id limit 1`);
    const word = p.title.split(/\s+/).find((w) => w.length >= 5) ?? p.title.split(/\s+/)[0];
    const shop = new StorefrontPage(page);
    await page.goto('/');
    await shop.search(word);
    const results = new SearchPage(page);
    await expect(results.resultCount).toContainText(/\d+ results? for/);
    expect(await results.resultTitles()).toContain(p.title);

    await results.goto(word.slice(0, 3));
    expect(await results.resultTitles()).toContain(p.title);

    await results.goto('zzzqqqxxy');
    await expect(results.emptyState).toBeVisible();
    await expect(results.resultCount).toHaveText('No results for “zzzqqqxxy”');
  });

  test('switching region US → EU shows euro prices, VAT included', async ({ page, db }) => {
    const rows = await activeVariants(db);
    const v = rows.find((r) => r.eur != null)!;
    const product = new ProductPage(page);
    await product.goto(v.handle, v.sku);
    expect(await product.price()).toMatch(/^\$/);
    await product.switchRegion('EU €');
    expect(await product.price()).toBe(money(v.eur!, '€'));
    await expect(product.main.getByTestId('tax-note')).toHaveText('Incl. VAT');
    expect(page.url()).toContain(`/products/${v.handle}`); // sent back to the same page
    await product.switchRegion('US $');
    expect(await product.price()).toBe(money(v.usd, '$'));
  });

  test('a sold-out variant cannot be added to the bag', async ({ page, db }) => {
    const soldOut = (await activeVariants(db)).find((r) => r.sellable <= 0);
    expect(soldOut, 'the seed should include a sold-out variant').toBeTruthy();
    const product = new ProductPage(page);
    await product.goto(soldOut!.handle, soldOut!.sku);
    expect(await product.selectedSku()).toBe(soldOut!.sku);
    expect(await product.stockState()).toBe('Sold out');
    await expect(product.addButton).toBeDisabled();
    await expect(product.addButton).toHaveText('Sold out');
  });

  test('an unknown product shows the 404 page with a way home, never cached', async ({ page }) => {
    const response = await page.goto('/products/no-such-thing-anywhere');
    expect(response?.status()).toBe(404);
    expect(response?.headers()['cache-control']).toBe('no-store');
    await expect(page.getByTestId('not-found')).toBeVisible();
    await expect(page).toHaveTitle('Page not found — DotShop');
    await page.getByTestId('not-found').getByRole('link', { name: 'Return home' }).click();
    await expect(page).toHaveURL(/\/$/);

    const unknownUrl = await page.goto('/definitely/not/a/page');
    expect(unknownUrl?.status()).toBe(404);
    await expect(page.getByTestId('not-found')).toBeVisible();
    const unknownCategory = await page.goto('/collections/furniture');
    expect(unknownCategory?.status()).toBe(404);
  });

  test('junk query parameters render a normal page', async ({ page }) => {
    const response = await page.goto('/collections/fashion?page=-1&sort=<script>alert(1)</script>&min=abc&max=&filter.Size=');
    expect(response?.status()).toBe(200);
    const category = new CategoryPage(page);
    await expect(category.title).toHaveText('Fashion');
    await expect(category.main.getByLabel('Sort by')).toHaveValue('featured');
    const pastEnd = await page.goto('/collections/fashion?page=9999');
    expect(pastEnd?.status()).toBe(200);
    await expect(category.productCards().first()).toBeVisible();
    expect((await page.goto('/search?q=%27%29%3B--&page=-4'))?.status()).toBe(200);
    expect((await page.goto('/products/anything?variant=%3Cscript%3E'))?.status()).toBe(404);
  });

  test('catalog pages are CDN-cacheable with surrogate keys naming what they show', async ({ request, db }) => {
    const [p] = await db.primary.execute<{ handle: string; category: string }>(
      sql`select p.handle, c.handle as category from products p join categories c on c.id = p.category_id where p.status = 'active' order by p.id limit 1`,
    );
    const productResponse = await request.get(`/products/${p.handle}`);
    expect(productResponse.status()).toBe(200);
    const h = productResponse.headers();
    expect(h['cache-control']).toBe('public, max-age=0, s-maxage=300, stale-while-revalidate=86400');
    expect(h['surrogate-key'].split(' ')).toEqual(expect.arrayContaining([`product:${p.handle}`, `category:${p.category}`]));
    // The market is in the URL (ADR 022): a product page is the same for every visitor of its URL.
    expect(h['vary'] ?? '').not.toMatch(/Cookie/);

    for (const [url, key] of [
      ['/', 'home'],
      [`/collections/${p.category}`, `category:${p.category}`],
      ['/search?q=a', 'search'],
    ]) {
      const r = await request.get(url);
      expect(r.headers()['cache-control'], url).toContain('s-maxage=300');
      expect(r.headers()['surrogate-key'].split(' '), url).toContain(key);
    }
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the variant picker changes price and stock through plain links', async ({ page, db }) => {
    const { from, to, option } = await findVariantSwitch(db);
    const product = new ProductPage(page);
    await product.goto(from.handle, from.sku);
    expect(await product.price()).toBe(money(from.usd, '$'));
    expect(await product.stockState()).toBe(stockText(from.sellable));

    await product.selectVariant(option, to.options[option]);
    expect(page.url()).toContain(`variant=${encodeURIComponent(to.sku)}`);
    expect(await product.selectedSku()).toBe(to.sku);
    expect(await product.price()).toBe(money(to.usd, '$'));
    expect(await product.stockState()).toBe(stockText(to.sellable));
  });

  test('the region switch and the filter form work as plain forms', async ({ page }) => {
    const category = new CategoryPage(page);
    await category.goto('beauty', '?sort=name');
    await category.switchRegion('EU €');
    expect(page.url()).toMatch(/\/collections\/beauty\?sort=name$/);
    await expect(category.productCards().first().locator('.price__amount')).toContainText('€');

    await category.main.getByLabel(/^Min/).fill('1');
    await category.main.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/min=1/);
    expect(page.url()).toContain('sort=name');
    expect(await category.total()).toBeGreaterThan(0);
  });
});
