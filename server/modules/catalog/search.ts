// Search (prefix terms over title, vendor and tags) and the plain product list of the API.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { cardColumns, cardJoins, type CardRow, ORDER_BY, prepared, toCard } from './cards';
import { clampPage, prefixQuery } from './shaping';
import { PAGE_SIZE, type SearchResults } from './types';

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
