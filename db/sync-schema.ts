// Shopify sync: the outbound push state per order, inventory updates for items not seen yet,
// and lag samples in both directions (inbound: triggered-at → applied → purged; outbound:
// order committed → Shopify acknowledged).
import { bigint, bigserial, index, integer, pgTable, primaryKey, text, timestamp, varchar } from 'drizzle-orm/pg-core';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** An inventory_levels/update for an inventory item DotShop has no variant for yet. */
export const pendingInventoryUpdates = pgTable(
  'pending_inventory_updates',
  {
    inventoryItemId: text('inventory_item_id').notNull(),
    locationId: text('location_id').notNull().default(''),
    available: integer('available').notNull(),
    shopifyUpdatedAt: tstz('shopify_updated_at').notNull(),
    triggeredAt: tstz('triggered_at'),
    receivedAt: tstz('received_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.inventoryItemId, t.locationId] })],
);

/** One row per sync event: lag is measured and stored, never estimated. */
export const syncLagSamples = pgTable(
  'sync_lag_samples',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    direction: varchar('direction', { length: 8 }).notNull(), // inbound | outbound
    topic: varchar('topic', { length: 64 }).notNull(),
    ref: text('ref').notNull(), // webhook event id, or DotShop order id
    startedAt: tstz('started_at').notNull(), // Shopify's triggered-at, or the order's commit time
    appliedAt: tstz('applied_at'), // inbound: projection updated
    purgedAt: tstz('purged_at'), // inbound: storefront cache purged
    acknowledgedAt: tstz('acknowledged_at'), // outbound: Shopify acknowledged the order
  },
  (t) => [index('sync_lag_samples_direction_started_idx').on(t.direction, t.startedAt)],
);

/** The cursor of an interrupted backfill, so it resumes where it stopped. */
export const syncCursors = pgTable('sync_cursors', {
  name: varchar('name', { length: 64 }).primaryKey(),
  cursor: text('cursor'),
  processed: integer('processed').notNull().default(0),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
  finishedAt: tstz('finished_at'),
});

/**
 * One scheduled (or owner-requested) drift pass (ADR 028): DotShop's `inventory.available` against
 * Shopify's `inventoryQuantity` for every variant, paged through the Admin API. Read-only on both
 * sides; the hourly reconcile repairs.
 */
export const inventoryDriftPasses = pgTable(
  'inventory_drift_passes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    trigger: varchar('trigger', { length: 16 }).notNull(), // schedule | admin | test
    status: varchar('status', { length: 16 }).notNull().default('running'), // running | finished | failed
    startedAt: tstz('started_at').notNull().defaultNow(),
    finishedAt: tstz('finished_at'),
    skusCompared: integer('skus_compared').notNull().default(0),
    drifting: integer('drifting').notNull().default(0),
    pages: integer('pages').notNull().default(0),
    /** Waits before a page because Shopify's bucket was below the pass's share (and THROTTLED answers waited out). */
    throttleWaits: integer('throttle_waits').notNull().default(0),
    throttleWaitedMs: integer('throttle_waited_ms').notNull().default(0),
    error: text('error'),
  },
  (t) => [index('inventory_drift_passes_finished_idx').on(t.finishedAt)],
);

/**
 * The SKUs drifting in the last finished pass. `first_seen_at` survives consecutive passes (a SKU
 * drifting in two passes in a row outlived a sync cycle: the alert); a SKU that no longer drifts is
 * deleted when a pass finishes.
 */
export const inventoryDriftSkus = pgTable('inventory_drift_skus', {
  shopifyVariantId: text('shopify_variant_id').primaryKey(),
  sku: text('sku').notNull(),
  /** DotShop's `available` (null: Shopify lists a variant DotShop has not imported). */
  dotshopAvailable: integer('dotshop_available'),
  /** Shopify's count (null: DotShop holds a live variant Shopify no longer lists). */
  shopifyAvailable: integer('shopify_available'),
  firstSeenAt: tstz('first_seen_at').notNull(),
  firstPassId: bigint('first_pass_id', { mode: 'number' }).notNull(),
  lastPassId: bigint('last_pass_id', { mode: 'number' }).notNull(),
  /** Consecutive passes this SKU has drifted in. */
  passes: integer('passes').notNull().default(1),
});
