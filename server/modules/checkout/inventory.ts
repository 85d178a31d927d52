// Stock holds. Sellable = available − reserved; a checkout reserves with ONE conditional
// statement (… WHERE available − reserved >= qty), locking rows in variant-id order so two carts
// can never deadlock, and never reads-then-writes. Every hold is a `reservations` row that is
// released (decline, abandonment, cancellation) or committed exactly once.
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../../db/client';

export type StockRequest = { variantId: number; quantity: number };

/**
 * An integer array as ONE bound parameter (a Postgres array literal, cast in the SQL). Drizzle
 * would spread a JS array into a list of parameters, and inlining it as SQL text would make every
 * cart composition a different statement (no plan or prepared-statement reuse).
 */
export function intArray(xs: readonly number[]): string {
  for (const x of xs) if (!Number.isSafeInteger(x)) throw new Error(`not an integer: ${x}`);
  return `{${xs.join(',')}}`;
}

/**
 * The reservation as two CTEs over a `wanted(variant_id, qty, …)` CTE the caller defines:
 * `locked` locks the inventory rows that can cover their line (sellable, variant live, product
 * active), in variant-id order so two carts can never deadlock — Postgres re-checks
 * `available − reserved >= qty` on the newest row version after a lock wait; `updated` reserves
 * only when every one of the `lines` lines was locked (all or nothing, so a shortage writes
 * nothing) and `gate` holds. The caller reads `locked` to see which lines could be reserved.
 */
export function reservationCtes(gate: SQL, lines: number): SQL {
  return sql`locked as (
      select i.variant_id from inventory i join wanted w using (variant_id)
      where ${gate}
        and i.available - i.reserved >= w.qty
        -- a variant Shopify removed, or one of an archived product, cannot be bought
        and exists (select 1 from variants v join products p on p.id = v.product_id where v.id = i.variant_id and v.removed_at is null and p.status = 'active')
      order by i.variant_id
      for update of i
    ),
    updated as (
      update inventory i set reserved = i.reserved + w.qty, updated_at = now()
      from wanted w
      where (select count(*) from locked) = ${lines}
        and i.variant_id = w.variant_id and i.available - i.reserved >= w.qty
      returning i.variant_id
    )`;
}

/**
 * Reserves every line or none, and records the holds for `orderId` (which must exist). Returns
 * the variant ids that could not be reserved (empty = all reserved); on shortage nothing is written.
 */
export async function reserveStock(tx: Tx, orderId: string, lines: StockRequest[]): Promise<{ short: number[] }> {
  for (const l of lines) {
    if (!Number.isSafeInteger(l.variantId) || !Number.isSafeInteger(l.quantity) || l.quantity < 1) throw new Error(`invalid stock request ${JSON.stringify(l)}`);
  }
  const wanted = [...lines].sort((a, b) => a.variantId - b.variantId);
  const ids = wanted.map((l) => l.variantId);
  const qtys = wanted.map((l) => l.quantity);
  const rows = await tx.execute<{ variant_id: number; held: boolean }>(sql`
    with wanted as (
      select * from unnest(${intArray(ids)}::int[], ${intArray(qtys)}::int[]) as w(variant_id, qty)
    ),
    ${reservationCtes(sql`true`, ids.length)},
    held as (
      insert into reservations (order_id, variant_id, quantity)
      select ${orderId}::uuid, w.variant_id, w.qty from wanted w join updated u using (variant_id)
      returning variant_id
    )
    select variant_id from held`);
  const got = new Set(rows.map((r) => Number(r.variant_id)));
  return { short: ids.filter((id) => !got.has(id)) };
}

/**
 * Releases an order's held stock, exactly once however often it is called. The inventory rows are
 * locked first, in variant-id order like reserveStock: without it the update took them in whatever
 * order the plan met them (inventory rows are rewritten all the time, so their physical order is
 * arbitrary), and a release could hold a high variant while waiting for a low one that a checkout
 * holds while waiting for the high one — a deadlock (issue 11, suspected (b)).
 */
export async function releaseReservations(tx: Tx, orderId: string): Promise<number> {
  await tx.execute(sql`
    select i.variant_id from inventory i
    where i.variant_id in (select variant_id from reservations where order_id = ${orderId}::uuid and status = 'held')
    order by i.variant_id
    for update of i`);
  const rows = await tx.execute<{ variant_id: number }>(sql`
    with released as (
      update reservations set status = 'released', released_at = now()
      where order_id = ${orderId}::uuid and status = 'held'
      returning variant_id, quantity
    )
    update inventory i set reserved = i.reserved - r.quantity, updated_at = now()
    from released r where i.variant_id = r.variant_id
    returning i.variant_id`);
  return rows.length;
}
