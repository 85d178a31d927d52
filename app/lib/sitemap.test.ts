import { describe, expect, it } from 'vitest';
import { renderRobots, renderSitemap } from './sitemap';

describe('sitemap.xml and robots.txt', () => {
  const xml = renderSitemap('https://s', {
    categories: [{ handle: 'jewelry', lastmod: '2026-01-05T09:00:00.000Z' }],
    products: [
      { handle: 'dome-ring', lastmod: '2026-02-01T10:00:00.000Z', currencies: ['EUR', 'USD'] },
      { handle: 'us-only', lastmod: '2026-02-02T10:00:00.000Z', currencies: ['USD'] },
    ],
  });
  const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);

  it('lists home, every category and every product in each market that sells it', () => {
    expect(locs).toEqual([
      'https://s/',
      'https://s/eu',
      'https://s/collections/jewelry',
      'https://s/eu/collections/jewelry',
      'https://s/products/dome-ring',
      'https://s/eu/products/dome-ring',
      'https://s/products/us-only',
    ]);
  });

  it('carries lastmod from Shopify and hreflang alternates, escaped as XML', () => {
    expect(xml).toContain('<loc>https://s/eu/products/dome-ring</loc>\n    <lastmod>2026-02-01T10:00:00.000Z</lastmod>');
    expect(xml).toContain('<xhtml:link rel="alternate" hreflang="en-IE" href="https://s/eu/products/dome-ring"/>');
    expect(xml).toContain('<xhtml:link rel="alternate" hreflang="x-default" href="https://s/products/dome-ring"/>');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"')).toBe(true);
    expect(renderSitemap('https://s', { categories: [{ handle: 'a&b', lastmod: null }], products: [] })).toContain('<loc>https://s/collections/a&amp;b</loc>');
  });

  it('robots.txt keeps crawlers out of admin, bag, checkout and the API, and points at the sitemap', () => {
    const robots = renderRobots('https://s');
    for (const path of ['/admin', '/cart', '/checkout', '/api/']) expect(robots).toContain(`Disallow: ${path}\n`);
    expect(robots).toContain('Sitemap: https://s/sitemap.xml');
    expect(robots).not.toMatch(/Disallow: \/(og|media|products|collections|eu)/);
  });
});
