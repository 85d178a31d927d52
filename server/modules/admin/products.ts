// The admin product list: products with each variant's stock (available from Shopify, reserved by
// DotShop, sellable = the difference), searchable by title or SKU, one page at a time.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';

export type AdminVariantStock = { id: number; sku: string; title: string; available: number; reserved: number; sellable: number; availableAt: string | null };
export type AdminProductRow = { id: number; handle: string; title: string; status: string; vendor: string; variants: AdminVariantStock[] };
export type AdminProductPage = { products: AdminProductRow[]; total: number; page: number; pageSize: number; pageCount: number; q: string };

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listProductsWithStock(db: Db, opts: { q?: string | null; page?: number; pageSize?: number } = {}): Promise<AdminProductPage> {
  const q = (opts.q ?? '').trim().slice(0, 100);
  const pageSize = Math.min(Math.max(opts.pageSize ?? 20, 1), 100);
  const page = Math.max(Math.floor(opts.page ?? 1), 1);
  const pattern = `%${escapeLike(q)}%`;
  const where = q
    ? sql`where p.title ilike ${pattern} or exists (select 1 from variants sv where sv.product_id = p.id and sv.sku ilike ${pattern})`
    : sql``;

  const rows = await db.execute<{ id: number; handle: string; title: string; status: string; vendor: string; total: number }>(sql`
    select p.id, p.handle, p.title, p.status::text as status, p.vendor, (count(*) over ())::int as total
    from products p
    ${where}
    order by p.title, p.id
    limit ${pageSize} offset ${(page - 1) * pageSize}
  `);
  const ids = rows.map((r) => r.id);
  const variants = ids.length
    ? await db.execute<{ id: number; product_id: number; sku: string; title: string; available: number; reserved: number; sellable: number; available_at: Date | string | null }>(sql`
        select v.id, v.product_id, v.sku, v.title,
               coalesce(i.available, 0)::int as available, coalesce(i.reserved, 0)::int as reserved,
               coalesce(i.sellable, 0)::int as sellable, i.available_at
        from variants v
        left join inventory i on i.variant_id = v.id
        where v.product_id in ${sql`(${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`}
        order by v.product_id, v.position, v.id
      `)
    : [];
  const byProduct = new Map<number, AdminVariantStock[]>();
  for (const v of variants) {
    const list = byProduct.get(v.product_id) ?? [];
    list.push({
      id: v.id,
      sku: v.sku,
      title: v.title,
      available: v.available,
      reserved: v.reserved,
      sellable: v.sellable,
      availableAt: v.available_at == null ? null : new Date(v.available_at).toISOString(),
    });
    byProduct.set(v.product_id, list);
  }
  // Past the last page the window is empty and carries no total: count separately then.
  const total = rows[0]?.total ?? (page > 1 ? await countProducts(db, where) : 0);
  return {
    products: rows.map((r) => ({ id: r.id, handle: r.handle, title: r.title, status: r.status, vendor: r.vendor, variants: byProduct.get(r.id) ?? [] })),
    total,
    page,
    pageSize,
    pageCount: Math.max(Math.ceil(total / pageSize), 1),
    q,
  };
}

async function countProducts(db: Db, where: ReturnType<typeof sql>): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from products p ${where}`);
  return row.n;
}
