import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../../db/client';
import { orders } from '../../../db/commerce-schema';
import { inventory } from '../../../db/schema';
import { createTestDatabase, type TestDatabase } from '../../../db/testing/database';
import { intArray, releaseReservations, reserveStock } from './inventory';
import { insertTestVariant } from '../../testing/catalog-fixture';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('inventory');
});
afterAll(async () => t?.drop());

async function newOrder() {
  const [o] = await t.primary
    .insert(orders)
    .values({ email: 'a@b.co', region: 'us', currency: 'USD', subtotal: 100, shippingAmount: 0, taxAmount: 0, total: 100, shippingMethod: 'standard', shippingAddress: {} })
    .returning({ id: orders.id });
  return o.id;
}

describe('reserveStock', () => {
  it('N concurrent reservations for stock K succeed exactly K times, never overselling', async () => {
    const { variantId } = await insertTestVariant(t.primary, { sku: 'FLASH-1', available: 7 });
    const attempts = 40;
    const orderIds = await Promise.all(Array.from({ length: attempts }, () => newOrder()));
    const results = await Promise.all(orderIds.map((id) => t.primary.transaction((tx) => reserveStock(tx, id, [{ variantId, quantity: 1 }]))));
    expect(results.filter((r) => r.short.length === 0)).toHaveLength(7);
    const [inv] = await t.primary.select().from(inventory).where(sql`variant_id = ${variantId}`);
    expect(inv.reserved).toBe(7);
    expect(inv.sellable).toBe(0);
  });

  it('reserves all lines or reports the short ones (the caller rolls back)', async () => {
    const a = await insertTestVariant(t.primary, { sku: 'MULTI-A', available: 5 });
    const b = await insertTestVariant(t.primary, { sku: 'MULTI-B', available: 1 });
    const id = await newOrder();
    const outcome = await t.primary
      .transaction(async (tx) => {
        const r = await reserveStock(tx, id, [
          { variantId: a.variantId, quantity: 2 },
          { variantId: b.variantId, quantity: 2 },
        ]);
        if (r.short.length) tx.rollback();
        return r;
      })
      .catch((e) => e);
    expect(outcome).toBeInstanceOf(Error); // drizzle's rollback
    const rows = await t.primary.select().from(inventory).where(sql`variant_id in (${a.variantId}, ${b.variantId})`);
    expect(rows.map((r) => r.reserved)).toEqual([0, 0]);
  });

  it('does not deadlock when carts lock the same variants in opposite orders', async () => {
    const a = await insertTestVariant(t.primary, { sku: 'DL-A', available: 100 });
    const b = await insertTestVariant(t.primary, { sku: 'DL-B', available: 100 });
    const jobs = Array.from({ length: 30 }, async (_, i) => {
      const id = await newOrder();
      const lines = i % 2 ? [{ variantId: a.variantId, quantity: 1 }, { variantId: b.variantId, quantity: 1 }] : [{ variantId: b.variantId, quantity: 1 }, { variantId: a.variantId, quantity: 1 }];
      return t.primary.transaction((tx) => reserveStock(tx, id, lines));
    });
    const results = await Promise.all(jobs);
    expect(results.every((r) => r.short.length === 0)).toBe(true);
  });

  it('releases exactly once however often release runs', async () => {
    const { variantId } = await insertTestVariant(t.primary, { sku: 'REL-1', available: 3 });
    const id = await newOrder();
    await t.primary.transaction((tx) => reserveStock(tx, id, [{ variantId, quantity: 2 }]));
    const released = await Promise.all([1, 2, 3].map(() => t.primary.transaction((tx) => releaseReservations(tx, id))));
    expect(released.reduce((a, b) => a + b, 0)).toBe(1);
    const [inv] = await t.primary.select().from(inventory).where(sql`variant_id = ${variantId}`);
    expect(inv.reserved).toBe(0);
  });
});

describe('the reservation statement', () => {
  it('is one statement text whatever the cart holds: ids and quantities are bound parameters', async () => {
    const seen: { query: string; params: unknown[] }[] = [];
    const logged = drizzle(t.primarySql, { schema, logger: { logQuery: (query, params) => seen.push({ query, params }) } });
    const a = await insertTestVariant(t.primary, { sku: 'BIND-A', available: 50 });
    const b = await insertTestVariant(t.primary, { sku: 'BIND-B', available: 50 });
    await logged.transaction(async (tx) => reserveStock(tx, await newOrder(), [{ variantId: a.variantId, quantity: 3 }]));
    await logged.transaction(async (tx) => reserveStock(tx, await newOrder(), [{ variantId: b.variantId, quantity: 7 }, { variantId: a.variantId, quantity: 2 }]));
    const reservations = seen.filter((s) => s.query.includes('insert into reservations'));
    expect(reservations).toHaveLength(2);
    expect(reservations[0].query).toBe(reservations[1].query);
    expect(reservations[1].params).toEqual([intArray([a.variantId, b.variantId]), intArray([2, 7]), 2, expect.any(String)]);
    expect(reservations[1].query).not.toContain(String(b.variantId));
  });

  it('intArray formats integers and refuses anything else', () => {
    expect(intArray([3, 1, 20])).toBe('{3,1,20}');
    expect(intArray([])).toBe('{}');
    expect(() => intArray([1.5])).toThrow();
    expect(() => intArray([Number.NaN])).toThrow();
  });
});
