// The sitemap document (sitemaps.org protocol, with hreflang alternates per Google's xhtml:link
// extension): every category and every product in each market that sells it, `lastmod` from the
// Shopify `updated_at` the projection was built from. Pure: the route feeds it the catalog's rows.
import { REGIONS, REGION_CODES, type RegionCode } from '../../server/modules/catalog/markets';
import { MARKET_HREFLANG, marketPath } from './market-path';

export type SitemapInput = {
  products: { handle: string; lastmod: string; currencies: string[] }[];
  categories: { handle: string; lastmod: string | null }[];
};

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);

function urlEntry(origin: string, path: string, markets: RegionCode[], market: RegionCode, lastmod: string | null): string {
  const alternates = markets.map((m) => `    <xhtml:link rel="alternate" hreflang="${MARKET_HREFLANG[m]}" href="${escape(`${origin}${marketPath(m, path)}`)}"/>`);
  if (markets.length > 1) alternates.push(`    <xhtml:link rel="alternate" hreflang="x-default" href="${escape(`${origin}${marketPath(markets[0], path)}`)}"/>`);
  return [
    '  <url>',
    `    <loc>${escape(`${origin}${marketPath(market, path)}`)}</loc>`,
    ...(lastmod ? [`    <lastmod>${lastmod}</lastmod>`] : []),
    ...(markets.length > 1 ? alternates : []),
    '  </url>',
  ].join('\n');
}

export function renderSitemap(origin: string, input: SitemapInput): string {
  const entries: string[] = [];
  for (const market of REGION_CODES) entries.push(urlEntry(origin, '/', REGION_CODES, market, null));
  for (const c of input.categories) for (const market of REGION_CODES) entries.push(urlEntry(origin, `/collections/${c.handle}`, REGION_CODES, market, c.lastmod));
  for (const p of input.products) {
    const markets = REGION_CODES.filter((m) => p.currencies.includes(REGIONS[m].currency));
    for (const market of markets) entries.push(urlEntry(origin, `/products/${p.handle}`, markets, market, p.lastmod));
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ...entries,
    '</urlset>',
    '',
  ].join('\n');
}

/** robots.txt: keep crawlers out of the personal and operational paths, point them at the sitemap. */
export function renderRobots(origin: string): string {
  return ['User-agent: *', 'Disallow: /admin', 'Disallow: /cart', 'Disallow: /checkout', 'Disallow: /orders', 'Disallow: /region', 'Disallow: /api/', '', `Sitemap: ${origin}/sitemap.xml`, ''].join('\n');
}
