// The catalog's shapes and limits as the storefront reads them: cards, listings, product
// detail, search results, stock states, sort options.

export const PAGE_SIZE = 12;
/** At or below this many sellable units a product shows "Only N left". */
export const LOW_STOCK_THRESHOLD = 5;
export const SORT_OPTIONS = ['featured', 'newest', 'price-asc', 'price-desc', 'name'] as const;
export type SortOption = (typeof SORT_OPTIONS)[number];
export const DEFAULT_SORT: SortOption = 'featured';

// Input bounds: a hostile query string cannot make a query large.
export const MAX_FILTER_OPTIONS = 8;
export const MAX_FILTER_VALUES = 24;
export const MAX_TEXT = 120;
export const MAX_SEARCH_TERMS = 8;

export type StockState = { kind: 'in_stock' } | { kind: 'low_stock'; remaining: number } | { kind: 'sold_out' };

export type Image = { url: string; alt: string; width: number; height: number };

export type ProductCard = {
  handle: string;
  title: string;
  vendor: string;
  categoryHandle: string;
  currency: string;
  /** Lowest variant price, minor units. */
  price: number;
  /** Compare-at of the lowest-priced variant when it is a real markdown, else null. */
  compareAtPrice: number | null;
  /** True when variants have different prices (the card says "From …"). */
  priceVaries: boolean;
  stock: StockState;
  image: Image | null;
  /** A second image shown on hover, when the product has one. */
  hoverImage: Image | null;
};

export type Category = { handle: string; title: string; tagline: string; description: string };
export type NavCategory = { handle: string; title: string };

export type OptionFilters = Record<string, string[]>;

export type FacetValue = { value: string; count: number };
export type Facets = {
  options: { name: string; values: FacetValue[] }[];
  /** Lowest and highest variant price in the category, minor units; null when nothing is priced. */
  price: { min: number; max: number } | null;
};

export type CategoryListingQuery = {
  handle: string;
  currency: string;
  filters?: OptionFilters;
  /** Inclusive price bounds in minor units of `currency`. */
  priceMin?: number | null;
  priceMax?: number | null;
  sort?: SortOption;
  page?: number;
};

export type CategoryListing = {
  category: Category;
  products: ProductCard[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  sort: SortOption;
  facets: Facets;
  /** The filters actually applied (unknown option names dropped, values trimmed). */
  filters: OptionFilters;
  priceMin: number | null;
  priceMax: number | null;
};

export type VariantDetail = {
  sku: string;
  title: string;
  options: Record<string, string>;
  price: number;
  compareAtPrice: number | null;
  sellable: number;
  stock: StockState;
};

export type PickerValue = {
  value: string;
  /** The variant a shopper lands on by choosing this value (keeping their other choices when possible). */
  sku: string;
  selected: boolean;
  /** False when the variant this value leads to is sold out. */
  available: boolean;
};
export type PickerOption = { name: string; values: PickerValue[] };

export type ProductDetail = {
  handle: string;
  title: string;
  description: string;
  vendor: string;
  productType: string;
  category: NavCategory;
  currency: string;
  images: Image[];
  variants: VariantDetail[];
  optionNames: string[];
  selectedVariant: VariantDetail;
  picker: PickerOption[];
  related: ProductCard[];
};

export type SearchResults = {
  query: string;
  products: ProductCard[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
};

export type HomePage = {
  categories: (Category & { products: ProductCard[] })[];
  hero: ProductCard | null;
};

/* ------------------------------------------------------------------------------------------ */
/* Pure helpers                                                                                */
