// Pure helpers that shape catalog data: stock states, option order, filter normalisation, the
// variant picker, search prefixes and page clamping. No SQL.

import { LOW_STOCK_THRESHOLD, MAX_FILTER_OPTIONS, MAX_FILTER_VALUES, MAX_SEARCH_TERMS, MAX_TEXT, type OptionFilters, type PickerOption, SORT_OPTIONS, type SortOption, type StockState, type VariantDetail } from './types';

export function stockState(sellable: number): StockState {
  if (sellable <= 0) return { kind: 'sold_out' };
  if (sellable <= LOW_STOCK_THRESHOLD) return { kind: 'low_stock', remaining: sellable };
  return { kind: 'in_stock' };
}

export function isSortOption(value: unknown): value is SortOption {
  return typeof value === 'string' && (SORT_OPTIONS as readonly string[]).includes(value);
}

// Shopify lists colour-like options before size-like ones; jsonb does not keep key order, so the
// picker order is a convention: known names first in this order, then the rest alphabetically.
export const OPTION_ORDER = ['colour', 'color', 'shade', 'finish', 'metal', 'stone', 'scent', 'material', 'size', 'length', 'volume'];
export function sortOptionNames(names: Iterable<string>): string[] {
  const rank = (n: string) => {
    const i = OPTION_ORDER.indexOf(n.toLowerCase());
    return i === -1 ? OPTION_ORDER.length : i;
  };
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export const SIZE_ORDER = ['XXS', 'XS', 'S', 'M', 'L', 'XL', 'XXL', '2XL', '3XL', 'ONE SIZE', 'OS'];
/** Orders option values the way a shopper expects: XS < S < M, 6 < 8 < 10, then alphabetical. */
export function compareOptionValues(a: string, b: string): number {
  const sa = SIZE_ORDER.indexOf(a.toUpperCase());
  const sb = SIZE_ORDER.indexOf(b.toUpperCase());
  if (sa !== -1 && sb !== -1) return sa - sb;
  if (sa !== -1) return -1;
  if (sb !== -1) return 1;
  const na = Number.parseFloat(a);
  const nb = Number.parseFloat(b);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a.localeCompare(b, 'en', { numeric: true });
}

/** Trims, de-duplicates and bounds option filters; drops empty names/values. */
export function normalizeFilters(filters: OptionFilters | undefined): OptionFilters {
  const out: OptionFilters = {};
  if (!filters) return out;
  for (const [rawName, rawValues] of Object.entries(filters)) {
    if (Object.keys(out).length >= MAX_FILTER_OPTIONS) break;
    const name = rawName.trim().slice(0, MAX_TEXT);
    if (!name) continue;
    const values = [...new Set((Array.isArray(rawValues) ? rawValues : []).map((v) => String(v).trim().slice(0, MAX_TEXT)).filter(Boolean))].slice(0, MAX_FILTER_VALUES);
    if (values.length) out[name] = values;
  }
  return out;
}

/**
 * The variant a product page shows: the one named by `?variant=` when it exists, otherwise the
 * first one in stock, otherwise the first.
 */
export function selectVariant(variants: VariantDetail[], sku: string | null | undefined): VariantDetail | undefined {
  return (sku ? variants.find((v) => v.sku === sku) : undefined) ?? variants.find((v) => v.sellable > 0) ?? variants[0];
}

/**
 * The variant picker as links: for each option value, the variant reached by changing only that
 * option (so Size=L keeps the chosen Colour); when that exact combination does not exist, the
 * first variant with the value (preferring one in stock).
 */
export function buildVariantPicker(variants: VariantDetail[], optionNames: string[], selected: VariantDetail): PickerOption[] {
  return optionNames.map((name) => {
    const values = [...new Set(variants.map((v) => v.options[name]).filter((v): v is string => typeof v === 'string'))].sort(compareOptionValues);
    return {
      name,
      values: values.map((value) => {
        const wanted = { ...selected.options, [name]: value };
        const exact = variants.find((v) => optionNames.every((n) => v.options[n] === wanted[n]));
        const withValue = variants.filter((v) => v.options[name] === value);
        const target = exact ?? withValue.find((v) => v.sellable > 0) ?? withValue[0];
        return { value, sku: target.sku, selected: selected.options[name] === value, available: target.sellable > 0 };
      }),
    };
  });
}

/** Turns a free-text query into a prefix tsquery string ("lin shi" → "lin:* & shi:*"), or null. */
export function prefixQuery(q: string): string | null {
  const terms = (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_SEARCH_TERMS);
  return terms.length ? terms.map((t) => `${t.slice(0, 60)}:*`).join(' & ') : null;
}

export function clampPage(page: number | undefined): number {
  return Number.isInteger(page) && (page as number) >= 1 ? Math.min(page as number, 10_000) : 1;
}
