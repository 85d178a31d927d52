// Search-param parsing for catalog pages, with safe defaults: a bad page is page 1, an unknown
// sort is the default sort, junk prices are ignored. Nothing a shopper types here can cause a 500.
// Server-only (zod stays out of the browser bundle); the catalog rules live in catalog.server.ts.
import { z } from 'zod';
import type { SortOption } from '~/services/catalog.server';
import { DEFAULT_SORT_VALUE, FILTER_PREFIX, SORT_VALUES } from './catalog-params';
import { majorToMinor } from './money';

const MAX_PAGE = 10_000;

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const pageSchema = z.coerce.number().int().min(1).max(MAX_PAGE).catch(1);
const sortSchema = z.enum(SORT_VALUES).catch(DEFAULT_SORT_VALUE);
const priceSchema = z.preprocess(emptyToUndefined, z.coerce.number().finite().min(0).max(1_000_000).optional()).catch(undefined);
const shortText = (max: number) => z.string().trim().max(max).catch('');

export type CategoryParams = {
  page: number;
  sort: SortOption;
  filters: Record<string, string[]>;
  /** Minor units. */
  priceMin: number | null;
  priceMax: number | null;
};

export function parseCategoryParams(params: URLSearchParams): CategoryParams {
  const filters: Record<string, string[]> = {};
  for (const [key, value] of params) {
    if (!key.startsWith(FILTER_PREFIX)) continue;
    const name = key.slice(FILTER_PREFIX.length).trim().slice(0, 120);
    const v = value.trim().slice(0, 120);
    if (!name || !v) continue;
    const list = (filters[name] ??= []);
    if (!list.includes(v)) list.push(v);
  }
  return {
    page: pageSchema.parse(params.get('page') ?? undefined),
    sort: sortSchema.parse(params.get('sort') ?? undefined),
    filters,
    priceMin: majorToMinor(priceSchema.parse(params.get('min') ?? undefined)),
    priceMax: majorToMinor(priceSchema.parse(params.get('max') ?? undefined)),
  };
}

export function parseSearchParams(params: URLSearchParams): { q: string; page: number } {
  return { q: shortText(200).parse(params.get('q') ?? ''), page: pageSchema.parse(params.get('page') ?? undefined) };
}

export function parseProductParams(params: URLSearchParams): { variant: string | null } {
  const v = z.string().trim().min(1).max(64).nullable().catch(null).parse(params.get('variant'));
  return { variant: v };
}
