// Inventory: quantities by name, inventoryAdjustQuantities (with the compare-and-swap of API
// 2026-04), and the inventory_levels/update webhook; and the control API's stock actions with the
// stock snapshots they answer with.
import { type ControlRoute, ControlInputError, Flash, intField } from '../../kit/control';
import { gqlDateTime } from '../ids';
import { inventoryLevelPayload } from '../payloads';
import { requireVariant } from './catalog';
import { type ShopifyStore } from './core';
import { ADJUSTMENT_REASONS, type AdjustmentGroupRecord, type InventoryLevelRecord, StoreError, type UserError, type VariantRecord } from './records';

/** on_hand = available + committed. */
export function quantityByName(level: InventoryLevelRecord, name: string): number | null {
  switch (name) {
    case 'available':
      return level.available;
    case 'committed':
      return level.committed;
    case 'on_hand':
      return level.available + level.committed;
    case 'reserved':
    case 'damaged':
    case 'safety_stock':
    case 'quality_control':
    case 'incoming':
      return 0;
    default:
      return null;
  }
}

export function levelChanged(s: ShopifyStore, level: InventoryLevelRecord, at: number): void {
  level.updatedAt = at;
  const item = s.inventoryItems.get(level.inventoryItemId);
  if (item) item.updatedAt = at;
  s.emit('inventory_levels/update', inventoryLevelPayload(s, level), at);
}

/**
 * inventoryAdjustQuantities. `requireChangeFrom` (API 2026-04+) makes `changeFromQuantity` mandatory
 * on each change (null opts out of the compare-and-swap check).
 */
export function adjustQuantities(
  s: ShopifyStore,
  input: {
    name: string;
    reason: string;
    referenceDocumentUri?: string | null;
    changes: { delta: number; inventoryItemId: string; locationId: string; ledgerDocumentUri?: string | null; changeFromQuantity?: number | null }[];
  },
  requireChangeFrom: boolean,
): { group: AdjustmentGroupRecord | null; userErrors: UserError[] } {
  const userErrors: UserError[] = [];
  if (input.name !== 'available' && input.name !== 'on_hand') {
    userErrors.push({ field: ['input', 'name'], message: `The quantity name must be 'available' or 'on_hand' in the Shopify emulator.`, code: 'INVALID_QUANTITY_NAME' });
  }
  if (!ADJUSTMENT_REASONS.has(input.reason)) userErrors.push({ field: ['input', 'reason'], message: 'The specified reason is invalid.', code: 'INVALID_REASON' });
  if (input.changes.length === 0) userErrors.push({ field: ['input', 'changes'], message: 'At least one change is required.', code: null });
  const planned: { level: InventoryLevelRecord; delta: number; ledgerDocumentUri: string | null }[] = [];
  const projected = new Map<string, number>();
  input.changes.forEach((c, i) => {
    const field = (f: string) => ['input', 'changes', String(i), f];
    if (requireChangeFrom && !('changeFromQuantity' in c)) {
      userErrors.push({ field: field('changeFromQuantity'), message: 'changeFromQuantity is required as of API version 2026-04: pass the quantity you expect, or null to skip the compare-and-swap check.', code: null });
      return;
    }
    const item = s.inventoryItems.get(c.inventoryItemId);
    if (!item) {
      userErrors.push({ field: field('inventoryItemId'), message: 'The specified inventory item could not be found.', code: 'INVALID_INVENTORY_ITEM' });
      return;
    }
    if (!s.locations.has(c.locationId)) {
      userErrors.push({ field: field('locationId'), message: 'The specified location could not be found.', code: 'INVALID_LOCATION' });
      return;
    }
    const level = s.levels.get(item.id);
    if (!level || level.locationId !== c.locationId) {
      userErrors.push({ field: field('locationId'), message: 'The specified inventory item is not stocked at the location.', code: 'ITEM_NOT_STOCKED_AT_LOCATION' });
      return;
    }
    const current = projected.get(level.inventoryItemId) ?? (input.name === 'on_hand' ? level.available + level.committed : level.available);
    if (c.changeFromQuantity !== undefined && c.changeFromQuantity !== null && c.changeFromQuantity !== current) {
      userErrors.push({ field: field('changeFromQuantity'), message: 'The changeFromQuantity argument no longer matches the persisted quantity.', code: 'CHANGE_FROM_QUANTITY_STALE' });
      return;
    }
    const after = current + c.delta;
    if (after > 2_000_000_000) {
      userErrors.push({ field: field('delta'), message: "The quantity can't be higher than 2,000,000,000.", code: 'INVALID_QUANTITY_TOO_HIGH' });
      return;
    }
    if (after < -2_000_000_000) {
      userErrors.push({ field: field('delta'), message: "The quantity can't be lower than -2,000,000,000.", code: 'INVALID_QUANTITY_TOO_LOW' });
      return;
    }
    projected.set(level.inventoryItemId, after);
    planned.push({ level, delta: c.delta, ledgerDocumentUri: c.ledgerDocumentUri ?? null });
  });
  if (userErrors.length) return { group: null, userErrors };
  const at = s.now();
  const group: AdjustmentGroupRecord = {
    __typename: 'InventoryAdjustmentGroup',
    id: s.nextId('InventoryAdjustmentGroup', 90_000_000_000),
    reason: input.reason,
    referenceDocumentUri: input.referenceDocumentUri ?? null,
    createdAt: at,
    changes: [],
  };
  const touched = new Set<InventoryLevelRecord>();
  for (const { level, delta, ledgerDocumentUri } of planned) {
    // Adjusting on_hand moves the available quantity (committed units stay committed).
    level.available += delta;
    touched.add(level);
    group.changes.push({
      name: input.name,
      delta,
      quantityAfterChange: input.name === 'on_hand' ? level.available + level.committed : level.available,
      inventoryItemId: level.inventoryItemId,
      locationId: level.locationId,
      ledgerDocumentUri,
    });
  }
  s.adjustmentGroups.set(group.id, group);
  for (const level of touched) levelChanged(s, level, at);
  return { group, userErrors: [] };
}

// ---------------------------------------------------------------------------------------------
// Control API: stock "in Shopify"

export interface StockSnapshot {
  sku: string;
  inventory_item_id: string;
  location_id: string;
  available: number;
  committed: number;
  on_hand: number;
  updated_at: string;
}

export function stockSnapshot(s: ShopifyStore, v: VariantRecord): StockSnapshot {
  const level = s.levelForItem(v.inventoryItemId);
  if (!level) throw new StoreError(`SKU ${v.sku} is not stocked`);
  return {
    sku: v.sku,
    inventory_item_id: v.inventoryItemId,
    location_id: level.locationId,
    available: level.available,
    committed: level.committed,
    on_hand: level.available + level.committed,
    updated_at: gqlDateTime(level.updatedAt, s.opts.precision),
  };
}

/** Sends inventory_levels/update unless the delta is 0. */
export function adjustAvailable(s: ShopifyStore, sku: string, delta: number): StockSnapshot {
  if (!Number.isInteger(delta)) throw new ControlInputError('delta must be an integer');
  const v = requireVariant(s, sku);
  if (delta !== 0) {
    const r = adjustQuantities(s, { name: 'available', reason: 'correction', changes: [{ delta, inventoryItemId: v.inventoryItemId, locationId: s.location.id }] }, false);
    if (r.userErrors.length) throw new ControlInputError(r.userErrors.map((e) => e.message).join('; '));
  }
  return stockSnapshot(s, v);
}

export function setAvailable(s: ShopifyStore, sku: string, available: number): StockSnapshot {
  if (!Number.isInteger(available)) throw new ControlInputError('available must be an integer');
  const v = requireVariant(s, sku);
  const level = s.levelForItem(v.inventoryItemId);
  return adjustAvailable(s, sku, available - (level?.available ?? 0));
}

export function inventoryControlRoutes(s: ShopifyStore): ControlRoute[] {
  return [
    {
      method: 'POST',
      path: /^\/_emulator\/inventory\/([^/]+)$/,
      handle: async ({ match, body }) => {
        const b = await body();
        const sku = decodeURIComponent(match[1]);
        const hasAvailable = b.available !== undefined && b.available !== '';
        const hasDelta = b.delta !== undefined && b.delta !== '';
        if (hasAvailable === hasDelta) throw new ControlInputError('give exactly one of available or delta');
        const before = stockSnapshot(s, requireVariant(s, sku));
        const snap = hasAvailable ? setAvailable(s, sku, intField(b.available, 'available')) : adjustAvailable(s, sku, intField(b.delta, 'delta'));
        return new Flash(snap, snap.available === before.available ? `${sku}: available unchanged (${snap.available}); no webhook.` : `${sku}: available ${before.available} → ${snap.available}; inventory_levels/update sent.`);
      },
    },
  ];
}
