// Honest stock: the end of a reservation's life once its order is on Shopify.
//
// Sellable = available − reserved, where `available` is Shopify's last known count. A reservation
// may only stop counting (status 'committed', inventory.reserved decremented) once Shopify's count
// is KNOWN to include the order: the push was acknowledged AND a stock level for that variant was
// seen at or after the acknowledgement (inventory.available_at >= acknowledged_at). Releasing any
// earlier reopens the unit for sale while Shopify's count still has it: the double-sell gap.
//
// `releaseCommittedReservations` is set-based and exactly-once (the `status = 'held'` guard, row
// locks taken with SKIP LOCKED, inventory rows locked in variant-id order like reserveStock). It is
// run by the inbound inventory applier right after it stores a level, and every minute by a job.
import { sql } from 'drizzle-orm';
import client from 'prom-client';
import type { Db, Tx } from '../../../db/client';
import { registry } from '../../platform/metrics';
import { intArray } from '../checkout';

export type CommittedRelease = { variantId: number; quantity: number };

/** Commits every held reservation whose order Shopify's stock count now includes. Returns what was released, per variant. */
export async function releaseCommittedReservations(db: Tx, onlyVariantIds?: readonly number[]): Promise<CommittedRelease[]> {
  // An inbound stock level can only make its own variant's holds due: the webhook path passes that
  // variant, so it does not scan every held reservation per event.
  const scope = onlyVariantIds ? sql`and r.variant_id = any(${intArray(onlyVariantIds)}::int[])` : sql``;
  const rows = await db.execute<{ variant_id: number; quantity: number }>(sql`
    with due as (
      select r.order_id, r.variant_id
      from reservations r
      join shopify_order_pushes p on p.order_id = r.order_id and p.status = 'acknowledged' and p.acknowledged_at is not null
      join inventory i on i.variant_id = r.variant_id and i.available_at >= p.acknowledged_at
      where r.status = 'held' ${scope}
      for update of r skip locked
    ),
    committed as (
      update reservations r set status = 'committed', released_at = now()
      from due d
      where r.order_id = d.order_id and r.variant_id = d.variant_id and r.status = 'held'
      returning r.variant_id, r.quantity
    ),
    per_variant as (
      select variant_id, sum(quantity)::int as quantity from committed group by variant_id
    ),
    locked as (
      select i.variant_id from inventory i where i.variant_id in (select variant_id from per_variant) order by i.variant_id for update of i
    )
    update inventory i set reserved = i.reserved - pv.quantity, updated_at = now()
    from per_variant pv join locked l using (variant_id)
    where i.variant_id = pv.variant_id
    returning i.variant_id, pv.quantity`);
  return rows.map((r) => ({ variantId: Number(r.variant_id), quantity: Number(r.quantity) }));
}

export type OversellRisk = {
  variantId: number;
  sku: string;
  title: string;
  available: number;
  availableAt: Date;
  /** Units DotShop holds for orders Shopify's count does not include yet. */
  openReservations: number;
  shortBy: number;
};

/**
 * Variants where Shopify's available has fallen below DotShop's open reservations — units DotShop
 * has promised that Shopify no longer has (sold elsewhere, shrinkage). Reservations whose order the
 * count already includes (acknowledged, level seen after) are not "open": they are only waiting
 * for the next release pass.
 */
export async function findOversellRisks(db: Tx, limit = 200): Promise<OversellRisk[]> {
  const rows = await db.execute<{
    variant_id: number;
    sku: string;
    title: string;
    available: number;
    available_at: Date | string;
    open: number;
  }>(sql`
    select i.variant_id, v.sku, p.title, i.available, i.available_at, o.open
    from (
      select r.variant_id, sum(r.quantity)::int as open
      from reservations r
      left join shopify_order_pushes sp on sp.order_id = r.order_id and sp.status = 'acknowledged'
      join inventory inv on inv.variant_id = r.variant_id
      where r.status = 'held' and not (sp.acknowledged_at is not null and inv.available_at >= sp.acknowledged_at)
      group by r.variant_id
    ) o
    join inventory i on i.variant_id = o.variant_id
    join variants v on v.id = i.variant_id
    join products p on p.id = v.product_id
    where i.available < o.open
    order by o.open - i.available desc, v.sku
    limit ${limit}`);
  return rows.map((r) => ({
    variantId: Number(r.variant_id),
    sku: r.sku,
    title: r.title,
    available: Number(r.available),
    availableAt: new Date(r.available_at),
    openReservations: Number(r.open),
    shortBy: Number(r.open) - Number(r.available),
  }));
}

// dotshop_oversell_risk_variants: read from the database at scrape time by whichever process was
// given a handle (the worker sets it when it registers the release job; the admin loader too).
let riskSource: Db | null = null;
export const oversellRiskGauge = new client.Gauge({
  name: 'dotshop_oversell_risk_variants',
  help: "Variants whose Shopify available is below DotShop's open reservations (alert when > 0)",
  registers: [registry],
  async collect() {
    if (!riskSource) return;
    const risks = await findOversellRisks(riskSource, 10_000).catch(() => null);
    if (risks) this.set(risks.length);
  },
});
export function watchOversellRisk(db: Db | null) {
  riskSource = db;
}

type GraphqlLike = { graphql: <T>(q: string, v?: Record<string, unknown>) => Promise<{ data: T }> };
const CONFIRM_QUERY = `query ConfirmCounts($ids: [ID!]!) { nodes(ids: $ids) { ... on ProductVariant { id inventoryQuantity } } }`;

/**
 * Shopify stamps levels to the SECOND, and the level that carries an order's own decrement is
 * stamped at or before the moment Shopify answered the push — never after `acknowledged_at`. So on
 * a quiet SKU no webhook ever proves the count includes the order, and its reservation would be
 * held forever (stock under-sold). This pass asks Shopify for the current count of such variants
 * (held reservations, push acknowledged ≥ 2 s ago, stored level older than the ack). A read issued
 * after the ack reflects every change Shopify made before it, the order included, so it is "a stock
 * level seen after the ack". It is stored stamped `floor(read issued, 1 s) − 1 s` — on Shopify's
 * second grid, so the inbound applier's `available_at <= updated_at` guard still lets any later
 * webhook through — and only over an older level. The stamp is ≥ the ack because the read is issued
 * ≥ 2 s after it.
 */
export async function confirmCountsAfterAck(db: Db, shopify: GraphqlLike, limit = 100): Promise<{ confirmed: number }> {
  const stuck = await db.execute<{ variant_id: number; shopify_id: string }>(sql`
    select distinct i.variant_id, v.shopify_id
    from reservations r
    join shopify_order_pushes p on p.order_id = r.order_id and p.status = 'acknowledged'
    join inventory i on i.variant_id = r.variant_id and i.available_at < p.acknowledged_at
    join variants v on v.id = r.variant_id and v.shopify_id is not null
    where r.status = 'held' and p.acknowledged_at <= clock_timestamp() - interval '2 seconds'
    limit ${limit}`);
  if (!stuck.length) return { confirmed: 0 };
  const [{ stamp }] = await db.execute<{ stamp: string }>(sql`select (date_trunc('second', clock_timestamp()) - interval '1 second')::text as stamp`);
  const { data } = await shopify.graphql<{ nodes: ({ id: string; inventoryQuantity: number } | null)[] }>(CONFIRM_QUERY, { ids: stuck.map((r) => r.shopify_id) });
  const live = new Map(data.nodes.filter((n): n is { id: string; inventoryQuantity: number } => !!n?.id).map((n) => [n.id, n.inventoryQuantity]));
  const found = stuck.filter((r) => live.has(r.shopify_id));
  if (!found.length) return { confirmed: 0 };
  const rows = await db.execute<{ variant_id: number }>(sql`
    update inventory i set available = x.available, available_at = ${stamp}::timestamptz, available_triggered_at = null, updated_at = now()
    from unnest(${intArray(found.map((r) => Number(r.variant_id)))}::int[], ${intArray(found.map((r) => Number(live.get(r.shopify_id))))}::int[]) as x(variant_id, available)
    where i.variant_id = x.variant_id and i.available_at < ${stamp}::timestamptz
    returning i.variant_id`);
  return { confirmed: rows.length };
}

/**
 * One pass of the periodic job: confirm stuck counts (when given Shopify), release, update the risk
 * gauge. Shopify being down only skips the confirmation read — the release and the risk gauge still
 * run, and the next pass confirms — so an outage never fails (and dead-letters) the pass itself
 * (found by the fault suite: a failed pass during a Shopify outage tripped check:invariants).
 */
export async function runStockLifecycle(db: Db, shopify?: GraphqlLike) {
  let confirmed = 0;
  let confirmError: string | null = null;
  if (shopify) {
    try {
      confirmed = (await confirmCountsAfterAck(db, shopify)).confirmed;
    } catch (err) {
      confirmError = err instanceof Error ? err.message.split('\n')[0] : String(err);
    }
  }
  const released = await releaseCommittedReservations(db);
  const risks = await findOversellRisks(db, 10_000);
  oversellRiskGauge.set(risks.length);
  return { confirmed, confirmError, released, risks };
}
