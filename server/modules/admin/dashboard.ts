// The admin dashboard's figures, straight from the database: catalog size and stock health.
// Sellable = available − reserved (the inventory table's generated column); a variant with no
// inventory row has nothing to sell and counts as sold out.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';

export const LOW_STOCK_MAX = 5;

export type DashboardCounts = { products: number; activeProducts: number; variants: number; lowStockVariants: number; soldOutVariants: number };

export async function getDashboardCounts(db: Db): Promise<DashboardCounts> {
  const [row] = await db.execute<{ products: number; active_products: number; variants: number; low_stock: number; sold_out: number }>(sql`
    select
      (select count(*)::int from products) as products,
      (select count(*)::int from products where status = 'active') as active_products,
      count(v.id)::int as variants,
      (count(v.id) filter (where coalesce(i.sellable, 0) between 1 and ${LOW_STOCK_MAX}))::int as low_stock,
      (count(v.id) filter (where coalesce(i.sellable, 0) <= 0))::int as sold_out
    from variants v
    left join inventory i on i.variant_id = v.id
  `);
  return {
    products: row.products,
    activeProducts: row.active_products,
    variants: row.variants,
    lowStockVariants: row.low_stock,
    soldOutVariants: row.sold_out,
  };
}

export type StockAlert = { variantId: number; sku: string; productId: number; productTitle: string; variantTitle: string; sellable: number };

/** The variants closest to selling out (sellable ≤ LOW_STOCK_MAX), lowest first. */
export async function listStockAlerts(db: Db, limit = 8): Promise<StockAlert[]> {
  const rows = await db.execute<{ variant_id: number; sku: string; product_id: number; product_title: string; variant_title: string; sellable: number }>(sql`
    select v.id as variant_id, v.sku, p.id as product_id, p.title as product_title, v.title as variant_title,
           coalesce(i.sellable, 0)::int as sellable
    from variants v
    join products p on p.id = v.product_id
    left join inventory i on i.variant_id = v.id
    where coalesce(i.sellable, 0) <= ${LOW_STOCK_MAX}
    order by coalesce(i.sellable, 0), p.title, v.position
    limit ${limit}
  `);
  return rows.map((r) => ({ variantId: r.variant_id, sku: r.sku, productId: r.product_id, productTitle: r.product_title, variantTitle: r.variant_title, sellable: r.sellable }));
}

export type ReconciliationFlag = { runId: number; differences: number; finishedAt: Date };

/** The latest finished reconciliation run, when it found differences: the dashboard flags it. */
export async function getReconciliationFlag(db: Db): Promise<ReconciliationFlag | null> {
  const [row] = await db.execute<{ id: string; differences: number; finished_at: string }>(sql`
    select id, differences, finished_at from reconciliation_runs where finished_at is not null order by finished_at desc, id desc limit 1
  `);
  return row && row.differences > 0 ? { runId: Number(row.id), differences: row.differences, finishedAt: new Date(row.finished_at) } : null;
}
