// The shop as a crawler and a link preview see it, and markets in the URL (ADR 022): robots.txt and
// sitemap.xml, JSON-LD / canonical / hreflang / Open Graph in the served HTML, a real 1200×630 PNG
// behind og:image, and `/` vs `/eu/…` — the switch, the one cookie redirect, the bag's market.
import { sql } from 'drizzle-orm';
import { expect, test } from '../fixtures';
import { CartPage } from '../pages/cart';
import { ProductPage } from '../pages/ProductPage';
import { money } from '../commerce-db';

/** Every `<script type="application/ld+json">` of an HTML document, parsed. */
function jsonLd(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([^<]*)<\/script>/g)].map((m) => JSON.parse(m[1]) as Record<string, unknown>);
}
const attr = (html: string, re: RegExp) => [...html.matchAll(re)].map((m) => m[1]);

test.describe('crawlers and link previews', () => {
  test('robots.txt closes admin, bag, checkout and the API and names the sitemap; the sitemap lists every product in both markets', async ({ request, db, baseURL }) => {
    const robots = await request.get('/robots.txt');
    expect(robots.status()).toBe(200);
    const text = await robots.text();
    for (const path of ['/admin', '/cart', '/checkout', '/api/']) expect(text).toContain(`Disallow: ${path}`);
    expect(text).toContain(`Sitemap: ${baseURL}/sitemap.xml`);

    const sitemap = await request.get('/sitemap.xml');
    expect(sitemap.status()).toBe(200);
    expect(sitemap.headers()['content-type']).toContain('application/xml');
    expect(sitemap.headers()['cache-control']).toContain('s-maxage=300');
    expect(sitemap.headers()['surrogate-key'].split(' ')).toContain('sitemap');
    const locs = new Set(attr(await sitemap.text(), /<loc>([^<]+)<\/loc>/g));
    const products = await db.primary.execute<{ handle: string; eur: boolean }>(
      sql`select p.handle, exists (select 1 from variants v join variant_prices vp on vp.variant_id = v.id and vp.currency = 'EUR' where v.product_id = p.id) as eur
            from products p where p.status = 'active'`,
    );
    expect(products.length).toBeGreaterThan(50);
    for (const p of products) {
      expect(locs.has(`${baseURL}/products/${p.handle}`), p.handle).toBe(true);
      expect(locs.has(`${baseURL}/eu/products/${p.handle}`), `eu ${p.handle}`).toBe(p.eur);
    }
    for (const c of ['fashion', 'beauty', 'jewelry']) for (const prefix of ['', '/eu']) expect(locs.has(`${baseURL}${prefix}/collections/${c}`)).toBe(true);
  });

  test('a product page (on a ?variant= URL) carries Product/Offer and BreadcrumbList JSON-LD, a canonical, hreflang and an absolute raster og:image', async ({ request, stock, baseURL }) => {
    const item = await stock.claim(20);
    const response = await request.get(`/eu/products/${item.handle}?variant=${encodeURIComponent(item.sku)}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['vary'] ?? '').not.toMatch(/Cookie/);
    const html = await response.text();
    const [product, breadcrumbs] = jsonLd(html);
    expect(product['@type']).toBe('Product');
    const offer = (product.offers as Record<string, unknown>[]).find((o) => o.sku === item.sku);
    expect(offer).toMatchObject({ '@type': 'Offer', priceCurrency: 'EUR', availability: 'https://schema.org/InStock', price: (item.eur / 100).toFixed(2) });
    expect(breadcrumbs['@type']).toBe('BreadcrumbList');

    expect(attr(html, /<link rel="canonical" href="([^"]+)"/g)).toEqual([`${baseURL}/eu/products/${item.handle}`]);
    expect(attr(html, /<link rel="alternate" hrefLang="([^"]+)"/g)).toEqual(['en-US', 'en-IE', 'x-default']);
    const [image] = attr(html, /<meta property="og:image" content="([^"]+)"/g);
    expect(image).toBe(`${baseURL}/og/products/${item.handle}.png`);
    expect(attr(html, /<meta name="twitter:card" content="([^"]+)"/g)).toEqual(['summary_large_image']);
    expect(attr(html, /<meta property="product:price:currency" content="([^"]+)"/g)).toEqual(['EUR']);

    const png = await request.get(image);
    expect(png.status()).toBe(200);
    expect(png.headers()['content-type']).toBe('image/png');
    expect(png.headers()['cache-control']).toContain('s-maxage=31536000');
    expect(png.headers()['surrogate-key']).toBe(`product:${item.handle}`);
    const bytes = await png.body();
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1200, 630]);
  });

  test('home has Organization and WebSite + SearchAction; category pages have breadcrumbs, a canonical and Open Graph', async ({ request, baseURL }) => {
    const home = await (await request.get('/eu')).text();
    expect(jsonLd(home).map((n) => n['@type'])).toEqual(['Organization', 'WebSite']);
    expect(attr(home, /<link rel="canonical" href="([^"]+)"/g)).toEqual([`${baseURL}/eu`]);
    const category = await (await request.get('/collections/beauty?sort=name&filter.Size=M')).text();
    expect(jsonLd(category).map((n) => n['@type'])).toEqual(['BreadcrumbList']);
    expect(attr(category, /<link rel="canonical" href="([^"]+)"/g)).toEqual([`${baseURL}/collections/beauty`]);
    expect(attr(category, /<meta property="og:image" content="([^"]+)"/g)).toEqual([`${baseURL}/og/collections/beauty.png`]);
    const png = await request.get('/og/collections/beauty.png');
    expect([png.status(), png.headers()['content-type'], png.headers()['surrogate-key']]).toEqual([200, 'image/png', 'category:beauty']);
  });
});

test.describe('markets in the URL', () => {
  test('the EU is /eu/… without any cookie; unknown prefixes are 404s; old unprefixed URLs are the US pages', async ({ page, stock }) => {
    const item = await stock.claim(20);
    const product = new ProductPage(page);
    await product.goto(item.handle, item.sku, 'eu');
    expect(await product.price()).toBe(money(item.eur, 'EUR'));
    await expect(product.header.getByRole('link', { name: 'Beauty', exact: true })).toHaveAttribute('href', '/eu/collections/beauty');
    await product.goto(item.handle, item.sku);
    expect(await product.price()).toBe(money(item.usd, 'USD'));
    expect((await page.goto(`/fr/products/${item.handle}`))?.status()).toBe(404);
    expect((await page.goto(`/us/products/${item.handle}`))?.status()).toBe(404);
  });

  test('the switch moves between prefixes; the stored preference sends / to /eu once, and the US switch undoes it', async ({ page, stock }) => {
    const item = await stock.claim(20);
    const product = new ProductPage(page);
    await product.goto(item.handle, item.sku);
    await product.switchRegion('EU €');
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(`/eu/products/${item.handle}?variant=${encodeURIComponent(item.sku)}`);
    const home = await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/eu');
    expect(home?.request().redirectedFrom()?.url()).toMatch(/\/$/);
    // A deep unprefixed link is not redirected: it is the US page, whatever the cookie says.
    await product.goto(item.handle, item.sku);
    expect(new URL(page.url()).pathname).toBe(`/products/${item.handle}`);
    await product.switchRegion('US $');
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/');
  });

  test('an add from an EU page makes an EU bag (no cookie needed), and the bag links back to the EU pages', async ({ page, stock }) => {
    const item = await stock.claim(20);
    const bag = new CartPage(page);
    await bag.addFromProductPage(item.handle, item.sku, 1, 'eu');
    expect(await bag.subtotal()).toBe(money(item.eur, 'EUR'));
    await expect(bag.line(item.sku).getByRole('link', { name: item.productTitle })).toHaveAttribute('href', `/eu/products/${item.handle}`);
  });
});
