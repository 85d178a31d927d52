import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from './invariants';
import { authorizedOrder, startPaymentsWorld, type PaymentsWorld } from '../../testing/payments-fixture';

let w: PaymentsWorld;
beforeAll(async () => {
  w = await startPaymentsWorld('invariants');
});
afterAll(async () => w?.close());

const checks = async () => (await checkInvariants(w.t.primary)).map((v) => v.check).sort();

describe('the invariant checker', () => {
  it('reports nothing on clean data, then every planted corruption', async () => {
    const o = await authorizedOrder(w);
    expect(await checks()).toEqual([]);

    // Planted corruption, with the database's own guards switched off the way an operator could.
    await w.t.primarySql.begin(async (sql) => {
      await sql`set local session_replication_role = replica`;
      const [tx] = await sql`insert into ledger_transactions (order_id, kind, currency, external_ref) values (${o.orderId}, 'capture', 'USD', 'ch_planted') returning id`;
      await sql`insert into ledger_entries (transaction_id, order_id, account, amount, currency) values (${tx.id}, ${o.orderId}, 'stripe_clearing', ${o.total + 500}, 'USD')`;
      const [tx2] = await sql`insert into ledger_transactions (order_id, kind, currency, external_ref) values (null, 'refund', 'USD', 're_orphan') returning id`;
      await sql`insert into ledger_entries (transaction_id, order_id, account, amount, currency) values (${tx2.id}, null, 'refunds', 100, 'USD'), (${tx2.id}, null, 'stripe_clearing', -100, 'USD')`;
      await sql`update inventory set reserved = available + 3 where variant_id = ${o.variantId}`;
    });
    const [lonely] = await w.t.primarySql`insert into orders (email, region, currency, subtotal, shipping_amount, tax_amount, total, shipping_method, shipping_address, status) values ('x@y.z', 'us', 'USD', 100, 0, 0, 100, 'standard', '{}', 'pending_payment') returning id`;
    await w.t.primarySql.begin(async (sql) => {
      await sql`set local session_replication_role = replica`;
      await sql`update orders set status = 'authorized' where id = ${lonely.id}`;
    });
    await w.t.primarySql`insert into pgboss.job (name, data, state) values ('dead-letter', '{"orderId":"x"}', 'created')`.catch(() => {});

    expect(await checks()).toEqual(
      ['authorized_orders_without_ledger', 'captured_exceeds_authorized', 'dead_lettered_jobs', 'ledger_without_order', 'negative_sellable_stock', 'reservations_out_of_step', 'unbalanced_ledger_transactions'].sort(),
    );
  });
});
