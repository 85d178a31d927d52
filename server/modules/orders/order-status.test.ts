import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders } from '../../../db/commerce-schema';
import { createTestDatabase, type TestDatabase } from '../../../db/testing/database';
import { canTransition, orderStatuses } from './order-status';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('status');
});
afterAll(async () => t?.drop());

describe('order status machine', () => {
  it('the database accepts exactly the transitions the code allows', async () => {
    const disagreements: string[] = [];
    for (const from of orderStatuses) {
      for (const to of orderStatuses) {
        if (from === to) continue;
        const [o] = await t.primary
          .insert(orders)
          .values({ email: 'a@b.co', region: 'us', currency: 'USD', subtotal: 100, shippingAmount: 0, taxAmount: 0, total: 100, shippingMethod: 'standard', shippingAddress: {} })
          .returning({ id: orders.id });
        // Put the row in `from` without the trigger (session_replication_role skips triggers).
        await t.primarySql.begin(async (sql) => {
          await sql`set local session_replication_role = replica`;
          await sql`update orders set status = ${from} where id = ${o.id}`;
        });
        const dbAllows = await t.primarySql`update orders set status = ${to} where id = ${o.id}`.then(
          () => true,
          (e: Error) => {
            if (!/illegal order status transition/.test(e.message)) throw e;
            return false;
          },
        );
        if (dbAllows !== canTransition(from, to)) disagreements.push(`${from}→${to}: db ${dbAllows}, code ${canTransition(from, to)}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('numbers orders DS-1000xx from a sequence', async () => {
    const rows = await t.primary
      .insert(orders)
      .values([1, 2].map(() => ({ email: 'a@b.co', region: 'us' as const, currency: 'USD', subtotal: 100, shippingAmount: 0, taxAmount: 0, total: 100, shippingMethod: 'standard', shippingAddress: {} })))
      .returning({ number: orders.number });
    expect(rows[0].number).toMatch(/^DS-\d{6}$/);
    expect(rows[0].number).not.toBe(rows[1].number);
  });

  it('rejects a total that does not add up', async () => {
    await expect(
      t.primarySql`insert into orders (email, region, currency, subtotal, shipping_amount, tax_amount, total, shipping_method, shipping_address) values ('a@b.co', 'us', 'USD', 100, 10, 5, 100, 'standard', '{}')`,
    ).rejects.toThrow(/orders_total_adds_up/);
  });
});
