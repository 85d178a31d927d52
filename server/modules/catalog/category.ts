// A category listing: filters, sort, pagination and facets in 1–3 statements.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { cardColumns, cardJoins, type CardRow, ORDER_BY, toCard } from './cards';
import { clampPage, compareOptionValues, isSortOption, normalizeFilters, sortOptionNames } from './shaping';
import { type Category, type CategoryListing, type CategoryListingQuery, DEFAULT_SORT, type Facets, type FacetValue, PAGE_SIZE } from './types';

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
