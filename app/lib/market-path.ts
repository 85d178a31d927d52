// The shopper's market in the URL (Hydrogen's locale-prefix convention, ADR 022): the default
// market (US) has no prefix, every other market is the first path segment (`/eu/products/…`).
// Pure and browser-safe: links, the region switch, canonical and hreflang URLs are all built here.
import { DEFAULT_REGION, isRegionCode, REGION_CODES, type RegionCode } from '../../server/modules/catalog/markets';

/** The language-region tag each market is served as (hreflang). */
export const MARKET_HREFLANG: Readonly<Record<RegionCode, string>> = Object.freeze({ us: 'en-US', eu: 'en-IE' });

/** The markets that have a URL prefix (every market but the default). */
export const PREFIXED_MARKETS: readonly RegionCode[] = REGION_CODES.filter((code) => code !== DEFAULT_REGION);

/**
 * The market a `($locale)` route param names: no param is the default market; a param that is a
 * prefixed market is that market; anything else (including the default market's own code) is null,
 * which the route answers with a 404.
 */
export function marketFromLocaleParam(param: string | undefined): RegionCode | null {
  if (param === undefined) return DEFAULT_REGION;
  const code = param.toLowerCase();
  return code === param && isRegionCode(code) && code !== DEFAULT_REGION ? code : null;
}

/** Splits a pathname into its market prefix (if any) and the market-free rest (`/eu/search` → eu, `/search`). */
export function splitMarketPath(pathname: string): { market: RegionCode | null; rest: string } {
  const match = /^\/([a-z]{2})(?=\/|$)(.*)$/.exec(pathname);
  if (match && isRegionCode(match[1]) && match[1] !== DEFAULT_REGION) return { market: match[1], rest: match[2] || '/' };
  return { market: null, rest: pathname };
}

/** A market-free path (`/products/x?variant=1`) as that market's URL path (`/eu/products/x?variant=1`). */
export function marketPath(market: string, path: string): string {
  if (!isRegionCode(market) || market === DEFAULT_REGION) return path;
  return path === '/' ? `/${market}` : path.startsWith('/?') ? `/${market}${path.slice(1)}` : `/${market}${path}`;
}

/** The catalog pages (home, collections, products, search) are the pages that carry a market in their URL. */
export function isCatalogPath(rest: string): boolean {
  return rest === '/' || rest === '/search' || /^\/(products|collections)\/[^/]+\/?$/.test(rest);
}

/**
 * The market a page is shown in, from its URL alone for catalog pages (so they can be cached
 * without varying on cookies); null for every other page (bag, checkout, orders), which read the
 * shopper's preference instead.
 */
export function urlMarket(pathname: string): RegionCode | null {
  const { market, rest } = splitMarketPath(pathname);
  if (market) return market;
  return isCatalogPath(rest) ? DEFAULT_REGION : null;
}

/** The same page in another market: `/eu/products/x?variant=1` → `/products/x?variant=1` (US). Non-catalog pages stay as they are. */
export function switchMarketPath(pathWithSearch: string, market: RegionCode): string {
  const q = pathWithSearch.search(/[?#]/);
  const pathname = q === -1 ? pathWithSearch : pathWithSearch.slice(0, q);
  const suffix = q === -1 ? '' : pathWithSearch.slice(q);
  const { rest } = splitMarketPath(pathname);
  if (!isCatalogPath(rest)) return pathWithSearch;
  const target = marketPath(market, rest);
  return `${target}${suffix}`;
}

/** hreflang alternates for a market-free path: one per market plus x-default (the default market's URL). */
export function hreflangAlternates(origin: string, path: string): { hrefLang: string; href: string }[] {
  return [
    ...REGION_CODES.map((code) => ({ hrefLang: MARKET_HREFLANG[code], href: `${origin}${marketPath(code, path)}` })),
    { hrefLang: 'x-default', href: `${origin}${marketPath(DEFAULT_REGION, path)}` },
  ];
}
