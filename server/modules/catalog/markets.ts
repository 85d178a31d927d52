// The shopper's market (called region here for history): which currency prices are shown in and
// how tax is presented. Catalog pages carry it in the URL (`/` US, `/eu/…` EU; ADR 022); the
// `dotshop_region` cookie keeps only the shopper's preference. Pure data: browser code imports it
// to build market URLs. Unknown or tampered values fall back to the US market.


export type RegionCode = 'us' | 'eu';
export type CurrencyCode = 'USD' | 'EUR';

export type Region = {
  code: RegionCode;
  currency: CurrencyCode;
  /** Short label for the switch (e.g. "US $"). */
  label: string;
  /** Longer name for screen readers and the region page. */
  name: string;
  /** True when displayed prices already include tax (EU VAT); false when tax is added at checkout (US). */
  taxIncluded: boolean;
  /** The line shown next to prices. */
  taxNote: string;
};

export const REGIONS: Readonly<Record<RegionCode, Region>> = Object.freeze({
  us: { code: 'us', currency: 'USD', label: 'US $', name: 'United States (USD $)', taxIncluded: false, taxNote: 'Taxes calculated at checkout' },
  eu: { code: 'eu', currency: 'EUR', label: 'EU €', name: 'European Union (EUR €)', taxIncluded: true, taxNote: 'Incl. VAT' },
});

export const DEFAULT_REGION: RegionCode = 'us';
export const REGION_CODES = Object.keys(REGIONS) as RegionCode[];

export function isRegionCode(value: unknown): value is RegionCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(REGIONS, value);
}

/** Any value (cookie, form field, query) → a region; anything unknown is the default region. */
export function resolveRegion(value: unknown): Region {
  return REGIONS[isRegionCode(value) ? value : DEFAULT_REGION];
}

