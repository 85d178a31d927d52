// HTTP caching for catalog pages, in one place: every catalog route (home, category, product,
// search) builds its headers here, so the CDN contract (s-maxage + stale-while-revalidate,
// surrogate keys for targeted purges, Vary) is stated once. Framework-free: standard Headers only.

/** Seconds a CDN may serve a catalog page without asking the origin. Purges make it exact. */
export const CATALOG_S_MAXAGE = 300;
/** Seconds a CDN may keep serving a stale page while it refetches (or when the origin is down). */
export const CATALOG_STALE_WHILE_REVALIDATE = 86_400;

export const CATALOG_CACHE_CONTROL = `public, max-age=0, s-maxage=${CATALOG_S_MAXAGE}, stale-while-revalidate=${CATALOG_STALE_WHILE_REVALIDATE}`;
export const NO_STORE = 'no-store';

/** Surrogate keys for the things a page shows; a sync event purges exactly these (in every market's URL). */
export const surrogateKey = {
  home: () => 'home',
  search: () => 'search',
  sitemap: () => 'sitemap',
  category: (handle: string) => `category:${handle}`,
  product: (handle: string) => `product:${handle}`,
};

// Surrogate-Key is a space-separated list; keep each key to a safe token and the header bounded.
const SAFE_KEY = /^[A-Za-z0-9:_\-.]{1,160}$/;
const MAX_SURROGATE_HEADER = 16_000;

export function surrogateKeyHeader(keys: Iterable<string>): string {
  const unique: string[] = [];
  let length = 0;
  for (const key of keys) {
    if (!SAFE_KEY.test(key) || unique.includes(key)) continue;
    if (length + key.length + 1 > MAX_SURROGATE_HEADER) break;
    unique.push(key);
    length += key.length + 1;
  }
  return unique.join(' ');
}

/**
 * Headers for a public catalog page. The market is in the URL (`/eu/…`, ADR 022), so a page is
 * the same for every visitor of its URL: no `Vary: Cookie`, and the CDN keys on the URL alone.
 * (The one exception, `/`, which redirects a shopper who prefers another market, adds it itself.)
 */
export function catalogCacheHeaders(keys: Iterable<string>): Headers {
  const headers = new Headers({ 'Cache-Control': CATALOG_CACHE_CONTROL });
  const surrogate = surrogateKeyHeader(keys);
  if (surrogate) headers.set('Surrogate-Key', surrogate);
  return headers;
}

/** Headers for anything that must never be cached: errors, 404s, personal pages. */
export function noStoreHeaders(): Headers {
  return new Headers({ 'Cache-Control': NO_STORE });
}

/**
 * The `headers` export of every catalog route. A page whose loader set catalog headers passes
 * them on; an error (a thrown 404, a 500) or a loader that set no Cache-Control gets no-store, so
 * an error page is never cached by a CDN or a browser.
 */
export function catalogRouteHeaders({ loaderHeaders, errorHeaders }: { loaderHeaders: Headers; errorHeaders?: Headers }): Headers {
  if (errorHeaders || !loaderHeaders.has('Cache-Control')) return noStoreHeaders();
  const headers = new Headers();
  for (const name of ['Cache-Control', 'Surrogate-Key', 'Vary']) {
    const value = loaderHeaders.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
}
