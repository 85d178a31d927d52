// Shopify sync: the outbound push state per order, inventory updates for items not seen yet,
// and lag samples in both directions (inbound: triggered-at → applied → purged; outbound:
// order committed → Shopify acknowledged).
import { bigserial, index, integer, pgTable, primaryKey, text, timestamp, varchar } from 'drizzle-orm/pg-core';

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
