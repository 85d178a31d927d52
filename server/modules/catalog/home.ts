// The home page and the navigation: featured cards per category, the category list.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { cardColumns, cardJoins, type CardRow, ORDER_BY, prepared, pricedIn, toCard } from './cards';
import { type Category, type HomePage, type NavCategory, type ProductCard } from './types';

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
