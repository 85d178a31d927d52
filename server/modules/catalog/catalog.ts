// The storefront's read side of the catalog projection: home, category listing (filters, sort,
// pagination, facets), product detail and search. Framework-free; routes call these and never
// write SQL. Every query reads only active products, in one currency, and each page needs 1–3
// statements (run in parallel where they are independent).
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Sql } from 'postgres';
import type { Db } from '../../../db/client';

export const PAGE_SIZE = 12;
/** At or below this many sellable units a product shows "Only N left". */
export const LOW_STOCK_THRESHOLD = 5;
export const SORT_OPTIONS = ['featured', 'newest', 'price-asc', 'price-desc', 'name'] as const;
export type SortOption = (typeof SORT_OPTIONS)[number];
export const DEFAULT_SORT: SortOption = 'featured';

// Input bounds: a hostile query string cannot make a query large.
const MAX_FILTER_OPTIONS = 8;
const MAX_FILTER_VALUES = 24;
const MAX_TEXT = 120;
const MAX_SEARCH_TERMS = 8;

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
const OPTION_ORDER = ['colour', 'color', 'shade', 'finish', 'metal', 'stone', 'scent', 'material', 'size', 'length', 'volume'];
export function sortOptionNames(names: Iterable<string>): string[] {
  const rank = (n: string) => {
    const i = OPTION_ORDER.indexOf(n.toLowerCase());
    return i === -1 ? OPTION_ORDER.length : i;
  };
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const SIZE_ORDER = ['XXS', 'XS', 'S', 'M', 'L', 'XL', 'XXL', '2XL', '3XL', 'ONE SIZE', 'OS'];
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

function clampPage(page: number | undefined): number {
  return Number.isInteger(page) && (page as number) >= 1 ? Math.min(page as number, 10_000) : 1;
}

/* ------------------------------------------------------------------------------------------ */
/* SQL                                                                                         */

const dialect = new PgDialect();

/**
 * Runs a fixed-shape statement as a named prepared statement on the connection (postgres.js
 * caches it per connection). Drizzle's `execute` sends unprepared SQL, and for these catalog
 * queries planning costs more than executing (~0.7 ms vs ~0.3 ms); prepared, Postgres reuses the
 * plan. Only for SQL whose text does not depend on user input (filters build varying text, and
 * each distinct text would be another cached statement), and it needs session-level pooling
 * (direct Postgres / RDS), not a transaction-mode PgBouncer.
 */
function prepared<T>(db: Db, query: SQL): Promise<T[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  // Every Db is built by drizzle(postgresClient), which keeps the client as `$client`.
  const client = (db as Db & { $client: Sql }).$client;
  return client.unsafe(text, params as never[], { prepare: true }) as unknown as Promise<T[]>;
}

type CardRow = {
  handle: string;
  title: string;
  vendor: string;
  category_handle: string;
  min_amount: number;
  max_amount: number;
  compare_at: number | null;
  sellable: number;
  images: Image[] | null;
};

// One product card's columns. `p` is the products row; prices and stock come from the product's
// variants priced in `currency` (a variant without a price there is not for sale in the region).
function cardColumns(): SQL {
  return sql`
    p.handle, p.title, p.vendor, c.handle as category_handle,
    agg.min_amount, agg.max_amount, agg.compare_at, agg.sellable,
    (select json_agg(json_build_object('url', i.url, 'alt', i.alt, 'width', i.width, 'height', i.height) order by i.position, i.id)
       from (select url, alt, width, height, position, id from images where product_id = p.id order by position, id limit 2) i) as images`;
}

function cardJoins(currency: string): SQL {
  return sql`
    join categories c on c.id = p.category_id
    join lateral (
      select min(vp.amount)::int as min_amount,
             max(vp.amount)::int as max_amount,
             (array_agg(vp.compare_at_amount order by vp.amount, v.position))[1] as compare_at,
             coalesce(sum(greatest(inv.sellable, 0)), 0)::int as sellable
        from variants v
        join variant_prices vp on vp.variant_id = v.id and vp.currency = ${currency}
        left join inventory inv on inv.variant_id = v.id
       where v.product_id = p.id
    ) agg on agg.min_amount is not null`;
}

/** The product (alias `p`) has at least one variant priced in `currency`: cheap to test before aggregating. */
function pricedIn(currency: string): SQL {
  return sql`exists (select 1 from variants v join variant_prices vp on vp.variant_id = v.id and vp.currency = ${currency} where v.product_id = p.id)`;
}

function toCard(row: CardRow, currency: string): ProductCard {
  const images = row.images ?? [];
  return {
    handle: row.handle,
    title: row.title,
    vendor: row.vendor,
    categoryHandle: row.category_handle,
    currency,
    price: row.min_amount,
    compareAtPrice: row.compare_at != null && row.compare_at > row.min_amount ? row.compare_at : null,
    priceVaries: row.max_amount !== row.min_amount,
    stock: stockState(row.sellable),
    image: images[0] ?? null,
    hoverImage: images[1] ?? null,
  };
}

const ORDER_BY: Record<SortOption, SQL> = {
  featured: sql`p.featured desc, p.created_at desc, p.id desc`,
  newest: sql`p.created_at desc, p.id desc`,
  'price-asc': sql`agg.min_amount asc, p.title asc, p.id`,
  'price-desc': sql`agg.min_amount desc, p.title asc, p.id`,
  name: sql`p.title asc, p.id`,
};

/* ------------------------------------------------------------------------------------------ */
/* Queries                                                                                     */

/** The categories for the header navigation, in merchandising order. One tiny query. */
export async function listNavCategories(db: Db): Promise<NavCategory[]> {
  const rows = await prepared<NavCategory>(db, sql`select handle, title from categories order by position, id`);
  return rows.map((r) => ({ handle: r.handle, title: r.title }));
}

/** Home: every category with its featured products (up to `perCategory`), plus a hero product. */
export async function getHomePage(db: Db, opts: { currency: string; perCategory?: number }): Promise<HomePage> {
  const perCategory = Math.min(Math.max(opts.perCategory ?? 4, 1), 12);
  const [categories, rows] = await Promise.all([
    prepared<Category & { id: number }>(db, sql`select id, handle, title, tagline, description from categories order by position, id`),
    prepared<CardRow & { category_id: number; rn: number }>(db, sql`
      select ${cardColumns()}, p.category_id, p.rn
        from (select * from (
                select p.id, p.handle, p.title, p.vendor, p.category_id, p.featured, p.created_at,
                       row_number() over (partition by p.category_id order by ${ORDER_BY.featured}) as rn
                  from products p
                 where p.status = 'active' and ${pricedIn(opts.currency)}) ranked
               where rn <= ${perCategory}) p
        ${cardJoins(opts.currency)}
      order by p.category_id, p.rn`),
  ]);
  const byCategory = new Map<number, ProductCard[]>();
  for (const row of rows) {
    const list = byCategory.get(row.category_id) ?? [];
    list.push(toCard(row, opts.currency));
    byCategory.set(row.category_id, list);
  }
  const withProducts = categories.map((c) => ({
    handle: c.handle,
    title: c.title,
    tagline: c.tagline,
    description: c.description,
    products: byCategory.get(c.id) ?? [],
  }));
  const hero = withProducts.find((c) => c.products.length)?.products.find((p) => p.image) ?? null;
  return { categories: withProducts, hero };
}

/**
 * A category page: products matching option filters (any chosen value within an option, every
 * option at once, on one variant) and a price range (on that same variant, in `currency`),
 * sorted and paginated, with the total and the category's facets. Null when the category does
 * not exist. A page past the end returns the last page.
 */
export async function getCategoryListing(db: Db, query: CategoryListingQuery): Promise<CategoryListing | null> {
  const { currency } = query;
  const filters = normalizeFilters(query.filters);
  const sort = isSortOption(query.sort) ? query.sort : DEFAULT_SORT;
  let priceMin = Number.isInteger(query.priceMin) && (query.priceMin as number) >= 0 ? (query.priceMin as number) : null;
  let priceMax = Number.isInteger(query.priceMax) && (query.priceMax as number) >= 0 ? (query.priceMax as number) : null;
  if (priceMin != null && priceMax != null && priceMin > priceMax) [priceMin, priceMax] = [priceMax, priceMin];
  const requestedPage = clampPage(query.page);

  const categoryId = sql`(select id from categories where handle = ${query.handle})`;

  // Variant-level conditions: within an option, values are alternatives; options combine.
  // `options @> {"Size":"M"}` is jsonb containment, served by the GIN index on variants.options.
  const variantConditions: SQL[] = Object.entries(filters).map(
    ([name, values]) => sql`(${sql.join(values.map((value) => sql`v.options @> ${JSON.stringify({ [name]: value })}::jsonb`), sql` or `)})`,
  );
  if (priceMin != null) variantConditions.push(sql`vp.amount >= ${priceMin}`);
  if (priceMax != null) variantConditions.push(sql`vp.amount <= ${priceMax}`);
  const variantMatch = variantConditions.length
    ? sql`and exists (
        select 1 from variants v
          join variant_prices vp on vp.variant_id = v.id and vp.currency = ${currency}
         where v.product_id = p.id and ${sql.join(variantConditions, sql` and `)})`
    : sql``;

  const page = (n: number) =>
    db.execute<CardRow & { total: number }>(sql`
      select ${cardColumns()}, count(*) over ()::int as total
        from products p ${cardJoins(currency)}
       where p.category_id = ${categoryId} and p.status = 'active' ${variantMatch}
       order by ${ORDER_BY[sort]}
       limit ${PAGE_SIZE} offset ${(n - 1) * PAGE_SIZE}`);

  const [categoryRows, firstTry, facetRows] = await Promise.all([
    db.execute<Category>(sql`select handle, title, tagline, description from categories where handle = ${query.handle}`),
    page(requestedPage),
    db.execute<{ kind: 'option' | 'price'; name: string | null; value: string | null; count: number | null; min: number | null; max: number | null }>(sql`
      with cv as (
        select v.product_id, v.options, vp.amount
          from products p
          join variants v on v.product_id = p.id
          join variant_prices vp on vp.variant_id = v.id and vp.currency = ${currency}
         where p.category_id = ${categoryId} and p.status = 'active'
      )
      select 'option' as kind, kv.key as name, kv.value as value, count(distinct cv.product_id)::int as count, null::int as min, null::int as max
        from cv cross join lateral jsonb_each_text(cv.options) kv
       group by kv.key, kv.value
      union all
      select 'price', null, null, null, min(amount)::int, max(amount)::int from cv`),
  ]);
  const category = categoryRows[0];
  if (!category) return null;

  let rows = firstTry;
  let currentPage = requestedPage;
  if (rows.length === 0 && requestedPage > 1) {
    // Past the end: learn the total from page 1, then serve the last page.
    const probe = await page(1);
    const total = probe[0]?.total ?? 0;
    currentPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
    rows = currentPage === 1 ? probe : await page(currentPage);
  }
  const total = rows[0]?.total ?? 0;

  const optionValues = new Map<string, FacetValue[]>();
  let price: Facets['price'] = null;
  for (const r of facetRows) {
    if (r.kind === 'price') {
      if (r.min != null && r.max != null) price = { min: r.min, max: r.max };
    } else if (r.name != null && r.value != null) {
      const list = optionValues.get(r.name) ?? [];
      list.push({ value: r.value, count: r.count ?? 0 });
      optionValues.set(r.name, list);
    }
  }
  const facets: Facets = {
    options: sortOptionNames(optionValues.keys()).map((name) => ({
      name,
      values: optionValues.get(name)!.sort((a, b) => compareOptionValues(a.value, b.value)),
    })),
    price,
  };

  return {
    category: { handle: category.handle, title: category.title, tagline: category.tagline, description: category.description },
    products: rows.map((r) => toCard(r, currency)),
    total,
    page: currentPage,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    pageSize: PAGE_SIZE,
    sort,
    facets,
    filters,
    priceMin,
    priceMax,
  };
}

type ProductRow = {
  handle: string;
  title: string;
  description: string;
  vendor: string;
  product_type: string;
  category_handle: string;
  category_title: string;
  images: Image[];
  variants: { sku: string; title: string; options: Record<string, string>; amount: number; compare_at: number | null; sellable: number }[];
  related: CardRow[];
};

/**
 * A product page in one statement: the product, its images, its variants priced in `currency`
 * with their sellable stock, and up to four related products from the same category. Null when
 * the handle is unknown, the product is not active, or nothing of it is priced in `currency`.
 */
export async function getProductDetail(
  db: Db,
  opts: { handle: string; currency: string; variantSku?: string | null; relatedCount?: number },
): Promise<ProductDetail | null> {
  const { currency } = opts;
  const relatedCount = Math.min(Math.max(opts.relatedCount ?? 4, 0), 8);
  const rows = await prepared<ProductRow>(db, sql`
    select base.handle, base.title, base.description, base.vendor, base.product_type,
           bc.handle as category_handle, bc.title as category_title,
           coalesce((select json_agg(json_build_object('url', i.url, 'alt', i.alt, 'width', i.width, 'height', i.height) order by i.position, i.id)
                       from images i where i.product_id = base.id), '[]') as images,
           coalesce((select json_agg(json_build_object('sku', v.sku, 'title', v.title, 'options', v.options, 'amount', vp.amount,
                                                       'compare_at', vp.compare_at_amount, 'sellable', coalesce(inv.sellable, 0))
                                     order by v.position, v.id)
                       from variants v
                       join variant_prices vp on vp.variant_id = v.id and vp.currency = ${currency}
                       left join inventory inv on inv.variant_id = v.id
                      where v.product_id = base.id), '[]') as variants,
           coalesce((select json_agg(r order by r.rank) from (
               select ${cardColumns()}, p.rank
                 from (select p.id, p.handle, p.title, p.vendor, p.category_id, p.featured, p.created_at,
                              row_number() over (order by ${ORDER_BY.featured}) as rank
                         from products p
                        where p.category_id = base.category_id and p.status = 'active' and p.id <> base.id
                          and ${pricedIn(currency)}
                        order by ${ORDER_BY.featured}
                        limit ${relatedCount}) p
                 ${cardJoins(currency)}) r), '[]') as related
      from products base
      join categories bc on bc.id = base.category_id
     where base.handle = ${opts.handle} and base.status = 'active'`);
  const row = rows[0];
  if (!row || row.variants.length === 0) return null;

  const variants: VariantDetail[] = row.variants.map((v) => ({
    sku: v.sku,
    title: v.title,
    options: v.options ?? {},
    price: v.amount,
    compareAtPrice: v.compare_at != null && v.compare_at > v.amount ? v.compare_at : null,
    sellable: Math.max(0, v.sellable),
    stock: stockState(v.sellable),
  }));
  const optionNames = sortOptionNames(variants.flatMap((v) => Object.keys(v.options)));
  const selectedVariant = selectVariant(variants, opts.variantSku)!;
  return {
    handle: row.handle,
    title: row.title,
    description: row.description,
    vendor: row.vendor,
    productType: row.product_type,
    category: { handle: row.category_handle, title: row.category_title },
    currency,
    images: row.images,
    variants,
    optionNames,
    selectedVariant,
    picker: buildVariantPicker(variants, optionNames, selectedVariant),
    related: row.related.map((r) => toCard(r, currency)),
  };
}

/**
 * Full-text search over active products: `websearch_to_tsquery` (quotes, OR, -not) ranked with
 * ts_rank, plus a prefix query so a partial word ("lin") finds "linen". Empty or wordless
 * queries return no results without touching the database.
 */
export async function searchProducts(db: Db, opts: { q: string; currency: string; page?: number; categoryHandle?: string | null }): Promise<SearchResults> {
  const query = opts.q.trim().slice(0, 200);
  const requestedPage = clampPage(opts.page);
  const prefix = prefixQuery(query);
  const empty = { query, products: [], total: 0, page: 1, pageCount: 1, pageSize: PAGE_SIZE };
  if (!prefix) return empty;
  const { currency } = opts;
  const page = (n: number) =>
    prepared<CardRow & { total: number }>(db, sql`
      with q as (select websearch_to_tsquery('english', ${query}) as web, to_tsquery('english', ${prefix}) as pre)
      select ${cardColumns()}, count(*) over ()::int as total
        from q, products p ${cardJoins(currency)}
       where p.status = 'active' and (p.search @@ q.web or p.search @@ q.pre)
         ${opts.categoryHandle ? sql`and p.category_id = (select id from categories where handle = ${opts.categoryHandle})` : sql``}
       order by ts_rank(p.search, q.web) * 2 + ts_rank(p.search, q.pre) desc, p.featured desc, p.id
       limit ${PAGE_SIZE} offset ${(n - 1) * PAGE_SIZE}`);
  let rows = await page(requestedPage);
  let currentPage = requestedPage;
  if (rows.length === 0 && requestedPage > 1) {
    const probe = await page(1);
    const total = probe[0]?.total ?? 0;
    currentPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
    rows = currentPage === 1 ? probe : await page(currentPage);
  }
  const total = rows[0]?.total ?? 0;
  if (total === 0) return empty;
  return {
    query,
    products: rows.map((r) => toCard(r, currency)),
    total,
    page: currentPage,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    pageSize: PAGE_SIZE,
  };
}

/**
 * Every active product priced in `currency`, in featured order, one page at a time (the REST
 * API's unfiltered listing). Unlike the storefront pages, a page past the end is empty rather
 * than the last page, so an API client paging until it sees no products terminates.
 */
export async function listProducts(db: Db, opts: { currency: string; page?: number }): Promise<Omit<SearchResults, 'query'>> {
  const page = clampPage(opts.page);
  const rows = await prepared<CardRow & { total: number }>(db, sql`
    select ${cardColumns()}, count(*) over ()::int as total
      from products p ${cardJoins(opts.currency)}
     where p.status = 'active'
     order by ${ORDER_BY.featured}
     limit ${PAGE_SIZE} offset ${(page - 1) * PAGE_SIZE}`);
  // count(*) over () is only seen on a non-empty page; past the end, count once.
  const total = rows.length
    ? rows[0].total
    : page === 1
      ? 0
      : ((await prepared<{ total: number }>(db, sql`select count(*)::int as total from products p ${cardJoins(opts.currency)} where p.status = 'active'`))[0]?.total ?? 0);
  return { products: rows.map((r) => toCard(r, opts.currency)), total, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)), pageSize: PAGE_SIZE };
}
