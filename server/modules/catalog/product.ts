// A product page: the product, its variants with prices and stock, images and options.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { cardColumns, cardJoins, type CardRow, ORDER_BY, prepared, pricedIn, toCard } from './cards';
import { buildVariantPicker, selectVariant, sortOptionNames, stockState } from './shaping';
import { type Image, type ProductDetail, type VariantDetail } from './types';

export type ProductRow = {
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
                      where v.product_id = base.id and v.removed_at is null), '[]') as variants,
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
