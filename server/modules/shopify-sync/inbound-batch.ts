// Shopify inbound in batches (issue 15 §4, ADR 027): a burst of inventory_levels/update webhooks
// (a flash sale, a bulk stock edit) is applied many at a time instead of one transaction each.
// The rules of ADR 013/021 hold: per inventory item only the newest level counts (later
// updated_at; on an equal second the later triggered-at, else the lower count), and the projection
// takes it only when it is newer than what it holds — the same conditions as applyInventoryLevel,
// stated once more in the batch statement (and checked against it by the tests). Levels of one
// item in a batch are coalesced to that newest one; redeliveries are already gone (inbox). One
// statement writes every known item's level, the purge is one call for the batch's keys, and the
// lag samples and inbox marks are one statement each. If the batch fails (a poison level: a count
// out of range, anything), every event is applied on its own, so only the bad one fails its job.
import { sql } from 'drizzle-orm';
import { surrogateKey } from '../../platform/cache-headers';
import { applyInventoryLevel, applyShopifyEvent, shopifyGid, type ApplyDeps, type ApplyOutcome, type ShopifyInboxPayload } from './inbound';
import { releaseCommittedReservations } from './stock-lifecycle';

export type BatchLevel = { eventId: string; inventoryItemId: string; locationId: string; available: number; updatedAt: Date; triggeredAt: Date | null };

/**
 * Whether `b` is newer than `a` for the same item: a later updated_at; on the same second the
 * later triggered-at (milliseconds), and when either lacks one or both carry the same, the lower
 * count (the stale higher count is the one that oversells). Mirrors `newerOnTie` in inbound.ts.
 */
export function isNewerLevel(a: Pick<BatchLevel, 'updatedAt' | 'triggeredAt' | 'available'>, b: Pick<BatchLevel, 'updatedAt' | 'triggeredAt' | 'available'>): boolean {
  if (b.updatedAt.getTime() !== a.updatedAt.getTime()) return b.updatedAt.getTime() > a.updatedAt.getTime();
  if (a.triggeredAt && b.triggeredAt) {
    if (b.triggeredAt.getTime() !== a.triggeredAt.getTime()) return b.triggeredAt.getTime() > a.triggeredAt.getTime();
    return b.available <= a.available;
  }
  return b.available <= a.available;
}

/** The newest level per inventory item (the others lose, as they would one by one). */
export function coalesceLevels(levels: readonly BatchLevel[]): { winners: BatchLevel[]; losers: BatchLevel[] } {
  const best = new Map<string, BatchLevel>();
  const losers: BatchLevel[] = [];
  for (const l of levels) {
    const held = best.get(l.inventoryItemId);
    if (!held) best.set(l.inventoryItemId, l);
    else if (isNewerLevel(held, l)) {
      losers.push(held);
      best.set(l.inventoryItemId, l);
    } else losers.push(l);
  }
  return { winners: [...best.values()], losers };
}

function levelFromPayload(eventId: string, p: ShopifyInboxPayload): BatchLevel | null {
  const b = p.body;
  const available = Number(b.available);
  const updatedAt = new Date(String(b.updated_at));
  const triggeredAt = p.triggeredAt && !Number.isNaN(Date.parse(p.triggeredAt)) ? new Date(p.triggeredAt) : null;
  // Anything odd is left to the one-by-one path, which fails that event's job alone.
  if (!Number.isSafeInteger(available) || Number.isNaN(updatedAt.getTime()) || b.inventory_item_id === undefined || b.inventory_item_id === null) return null;
  return { eventId, inventoryItemId: shopifyGid('InventoryItem', b.inventory_item_id), locationId: String(b.location_id ?? ''), available, updatedAt, triggeredAt };
}

type Row = { event_id: string; payload: ShopifyInboxPayload; received_at: Date | string; processed_at: Date | string | null };

/**
 * Applies a batch of inbox events. Inventory levels go together (above); other topics, and any
 * level the batch could not take, go one by one through applyShopifyEvent. Returns, per event id,
 * its outcome or the error that should fail (and retry) its job.
 */
export async function applyShopifyEvents(deps: ApplyDeps, eventIds: readonly string[]): Promise<Map<string, ApplyOutcome | Error>> {
  const results = new Map<string, ApplyOutcome | Error>();
  const one = async (id: string) => {
    try {
      results.set(id, await applyShopifyEvent(deps, id));
    } catch (err) {
      results.set(id, err instanceof Error ? err : new Error(String(err)));
    }
  };
  const ids = [...new Set(eventIds)];
  const rows = ids.length
    ? await deps.db.execute<Row>(sql`
        select event_id, payload, received_at, processed_at from webhook_inbox
        where provider = 'shopify' and event_id = any(${`{${ids.map((id) => `"${id.replace(/["\\]/g, '\\$&')}"`).join(',')}}`}::text[])`)
    : [];
  const byId = new Map(rows.map((r) => [r.event_id, r]));
  const levels: BatchLevel[] = [];
  const singles: string[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) results.set(id, 'unknown');
    else if (row.processed_at) results.set(id, 'already');
    else if (row.payload.topic !== 'inventory_levels/update') singles.push(id);
    else {
      const level = levelFromPayload(id, row.payload);
      if (level) levels.push(level);
      else singles.push(id);
    }
  }
  if (levels.length > 1) {
    try {
      const outcomes = await applyLevelBatch(deps, levels, byId);
      for (const [id, o] of outcomes) results.set(id, o);
    } catch (err) {
      deps.logger?.warn({ err, levels: levels.length }, 'a batch of Shopify stock levels failed; applying them one by one');
      singles.push(...levels.map((l) => l.eventId));
    }
  } else singles.push(...levels.map((l) => l.eventId));
  for (const id of singles) await one(id);
  return results;
}

async function applyLevelBatch(deps: ApplyDeps, levels: BatchLevel[], rows: Map<string, Row>): Promise<Map<string, ApplyOutcome>> {
  const { winners, losers } = coalesceLevels(levels);
  const outcomes = new Map<string, ApplyOutcome>();
  for (const l of losers) outcomes.set(l.eventId, 'stale');
  const keys = new Set<string>();
  const applied = new Set<string>();
  await deps.db.transaction(async (tx) => {
    const json = JSON.stringify(
      winners.map((l) => ({ event_id: l.eventId, item: l.inventoryItemId, location: l.locationId, available: l.available, updated_at: l.updatedAt.toISOString(), triggered_at: l.triggeredAt?.toISOString() ?? null })),
    );
    // Known items: one upsert with applyInventoryLevel's condition (newer updated_at, or the tie rule).
    const written = await tx.execute<{ event_id: string; variant_id: number | null; handle: string | null; applied: boolean }>(sql`
      with lv as (
        select * from jsonb_to_recordset(${json}::jsonb) as x(event_id text, item text, location text, available int, updated_at timestamptz, triggered_at timestamptz)
      ), known as (
        select lv.*, v.id as variant_id, p.handle from lv join variants v on v.shopify_inventory_item_id = lv.item join products p on p.id = v.product_id
      ), upserted as (
        insert into inventory (variant_id, available, available_at, available_triggered_at)
        select variant_id, available, updated_at, triggered_at from known
        on conflict (variant_id) do update set available = excluded.available, available_at = excluded.available_at,
          available_triggered_at = excluded.available_triggered_at, updated_at = now()
        where inventory.available_at < excluded.available_at
           or (inventory.available_at = excluded.available_at
               and case when inventory.available_triggered_at is not null and excluded.available_triggered_at is not null
                        then excluded.available_triggered_at > inventory.available_triggered_at
                          or (excluded.available_triggered_at = inventory.available_triggered_at and excluded.available <= inventory.available)
                        else excluded.available <= inventory.available end)
        returning variant_id
      )
      select lv.event_id, k.variant_id, k.handle, (u.variant_id is not null) as applied
      from lv left join known k on k.event_id = lv.event_id left join upserted u on u.variant_id = k.variant_id`);
    const appliedVariants: number[] = [];
    for (const r of written) {
      if (r.variant_id === null) continue;
      outcomes.set(r.event_id, r.applied ? 'applied' : 'stale');
      if (r.applied) {
        applied.add(r.event_id);
        appliedVariants.push(r.variant_id);
        keys.add(surrogateKey.product(r.handle!));
      }
    }
    // Items DotShop has not seen yet wait in pending_inventory_updates (rare: one by one, same transaction).
    for (const l of winners) {
      if (outcomes.has(l.eventId)) continue;
      const r = await applyInventoryLevel(tx, l);
      outcomes.set(l.eventId, r.outcome);
    }
    // Levels at/after a push's acknowledgement include those orders: release their holds now.
    if (appliedVariants.length) await releaseCommittedReservations(tx, appliedVariants);
  });
  const appliedAt = new Date();
  // One purge for the whole batch (a burst of changes to one product purges it once).
  if (keys.size) await deps.purger.purge([...keys]);
  const purgedAt = keys.size ? new Date() : null;
  const samples = levels.map((l) => {
    const row = rows.get(l.eventId)!;
    return { ref: l.eventId, started_at: (l.triggeredAt ?? new Date(row.received_at)).toISOString(), purged_at: applied.has(l.eventId) ? purgedAt?.toISOString() ?? null : null };
  });
  const ids = `{${levels.map((l) => `"${l.eventId.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
  await deps.db.transaction(async (tx) => {
    await tx.execute(sql`delete from sync_lag_samples where direction = 'inbound' and ref = any(${ids}::text[])`);
    await tx.execute(sql`
      insert into sync_lag_samples (direction, topic, ref, started_at, applied_at, purged_at)
      select 'inbound', 'inventory_levels/update', s.ref, s.started_at, ${appliedAt.toISOString()}::timestamptz, s.purged_at
      from jsonb_to_recordset(${JSON.stringify(samples)}::jsonb) as s(ref text, started_at timestamptz, purged_at timestamptz)`);
    await tx.execute(sql`update webhook_inbox set processed_at = now() where provider = 'shopify' and event_id = any(${ids}::text[]) and processed_at is null`);
  });
  deps.logger?.info({ levels: levels.length, items: winners.length, applied: applied.size, purged: [...keys].length }, 'applied a batch of Shopify stock levels');
  return outcomes;
}
