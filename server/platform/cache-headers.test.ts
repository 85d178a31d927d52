import { describe, expect, it } from 'vitest';
import { catalogCacheHeaders, catalogRouteHeaders, noStoreHeaders, surrogateKey, surrogateKeyHeader } from './cache-headers';

describe('catalog cache headers', () => {
  it('lets a CDN keep a page 5 minutes and serve it stale for a day, keyed on the URL alone (the market is in it)', () => {
    const h = catalogCacheHeaders([surrogateKey.category('fashion'), surrogateKey.product('linen-shirt')]);
    expect(h.get('Cache-Control')).toBe('public, max-age=0, s-maxage=300, stale-while-revalidate=86400');
    expect(h.has('Vary')).toBe(false);
    expect(h.get('Surrogate-Key')).toBe('category:fashion product:linen-shirt');
  });

  it('de-duplicates surrogate keys and drops unsafe ones', () => {
    expect(surrogateKeyHeader(['home', 'home', 'product:a b', 'product:ok', 'x\r\ny'])).toBe('home product:ok');
    expect(catalogCacheHeaders([]).has('Surrogate-Key')).toBe(false);
  });

  it('the route headers pass catalog headers on, and make errors and header-less loaders no-store', () => {
    const loaderHeaders = catalogCacheHeaders(['home']);
    loaderHeaders.set('X-Internal', 'not forwarded');
    const ok = catalogRouteHeaders({ loaderHeaders });
    expect(ok.get('Cache-Control')).toContain('s-maxage=300');
    expect(ok.get('Surrogate-Key')).toBe('home');
    expect(ok.has('X-Internal')).toBe(false);
    expect(catalogRouteHeaders({ loaderHeaders, errorHeaders: new Headers() }).get('Cache-Control')).toBe('no-store');
    expect(catalogRouteHeaders({ loaderHeaders: new Headers() }).get('Cache-Control')).toBe('no-store');
    expect(noStoreHeaders().get('Cache-Control')).toBe('no-store');
  });
});
