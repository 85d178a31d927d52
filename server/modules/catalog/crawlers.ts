// What crawlers and link previews read of the catalog. The sitemap: every active product and every
// category, with the Shopify `updated_at` the projection was built from (the local `updated_at`
// for rows that never came from Shopify) and the currencies a product is priced in (a market lists
// only what it can sell), in two queries. The art a preview image is drawn from, in one.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { prepared } from './cards';

export type SitemapProduct = { handle: string; lastmod: string; currencies: string[] };
export type SitemapCategory = { handle: string; lastmod: string | null };
export type SitemapEntries = { products: SitemapProduct[]; categories: SitemapCategory[] };

export async function listSitemapEntries(db: Db): Promise<SitemapEntries> {
  const [products, categories] = await Promise.all([
    prepared<{ handle: string; lastmod: Date | string; currencies: string[] | null }>(db, sql`
      select p.handle, coalesce(p.shopify_updated_at, p.updated_at) as lastmod,
             (select array_agg(distinct vp.currency order by vp.currency)
                from variants v join variant_prices vp on vp.variant_id = v.id
               where v.product_id = p.id) as currencies
        from products p
       where p.status = 'active'
       order by p.id`),
    // A category changes when Shopify says so, or when a product in it does.
    prepared<{ handle: string; lastmod: Date | string | null }>(db, sql`
      select c.handle,
             greatest(c.shopify_updated_at,
                      (select max(coalesce(p.shopify_updated_at, p.updated_at)) from products p where p.category_id = c.id and p.status = 'active')) as lastmod
        from categories c
       order by c.position, c.id`),
  ]);
  const iso = (value: Date | string) => new Date(value).toISOString();
  return {
    products: products.map((p) => ({ handle: p.handle, lastmod: iso(p.lastmod), currencies: p.currencies ?? [] })),
    categories: categories.map((c) => ({ handle: c.handle, lastmod: c.lastmod == null ? null : iso(c.lastmod) })),
  };
}

/** The art a product's link-preview image is drawn from: its first image URL, or null. One query. */
export async function getProductLeadImage(db: Db, handle: string): Promise<{ title: string; url: string | null } | null> {
  const [row] = await prepared<{ title: string; url: string | null }>(db, sql`
    select p.title, (select i.url from images i where i.product_id = p.id order by i.position, i.id limit 1) as url
      from products p
     where p.handle = ${handle} and p.status = 'active'`);
  return row ?? null;
}

/** The art a category's link-preview image is drawn from: its first featured product's first image. One query. */
export async function getCategoryLeadImage(db: Db, handle: string): Promise<{ title: string; url: string | null } | null> {
  const [row] = await prepared<{ title: string; url: string | null }>(db, sql`
    select c.title,
           (select i.url from products p join images i on i.product_id = p.id
             where p.category_id = c.id and p.status = 'active'
             order by p.featured desc, p.id, i.position, i.id limit 1) as url
      from categories c
     where c.handle = ${handle}`);
  return row ?? null;
}
