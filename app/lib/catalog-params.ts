// Catalog URL vocabulary shared by loaders and components: sort labels, the filter prefix and a
// link builder. No zod here: this module ships to the browser (parsing is catalog-params.server.ts).
import type { SortOption } from '~/services/catalog.server';

export const SORT_LABELS: Record<SortOption, string> = {
  featured: 'Featured',
  newest: 'Newest',
  'price-asc': 'Price, low to high',
  'price-desc': 'Price, high to low',
  name: 'Name, A–Z',
};
export const SORT_VALUES = Object.keys(SORT_LABELS) as [SortOption, ...SortOption[]];
export const DEFAULT_SORT_VALUE: SortOption = 'featured';

/** Query-string prefix of an option filter: `filter.Size=M&filter.Size=L`. */
export const FILTER_PREFIX = 'filter.';

/** The same URL with some params replaced (null removes); used by sort, filters and pagination links. */
export function withParams(search: string, changes: Record<string, string | number | null>): string {
  const next = new URLSearchParams(search);
  for (const [k, v] of Object.entries(changes)) {
    if (v == null) next.delete(k);
    else next.set(k, String(v));
  }
  const s = next.toString();
  return s ? `?${s}` : '';
}
