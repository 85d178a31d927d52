import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventory, categories, products, variants } from './schema';
import { createTestDatabase, type TestDatabase } from './testing/database';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('migrate');
});
afterAll(async () => t?.drop());

describe('schema', () => {
  it('derives sellable = available − reserved and refuses negative reservations', async () => {
    const [c] = await t.primary.insert(categories).values({ handle: 'c', title: 'C' }).returning();
    const [p] = await t.primary.insert(products).values({ handle: 'p', title: 'P', categoryId: c.id }).returning();
    const [v] = await t.primary.insert(variants).values({ productId: p.id, sku: 'SKU-1', title: 'One' }).returning();
    await t.primary.insert(inventory).values({ variantId: v.id, available: 5, reserved: 2 });
    const [row] = await t.primary.select().from(inventory);
    expect(row.sellable).toBe(3);
    await expect(t.primarySql`update inventory set reserved = -1`).rejects.toThrow(/inventory_reserved_nonnegative/);
  });
});
