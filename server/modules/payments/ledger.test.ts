import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders } from '../../../db/commerce-schema';
import { createTestDatabase, type TestDatabase } from '../../../db/testing/database';
import { orderPaymentState, post, postAuthorization, postCapture, postRefund, UnbalancedPostingError } from './ledger';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('ledger');
});
afterAll(async () => t?.drop());

async function order(currency = 'USD') {
  const [o] = await t.primary
    .insert(orders)
    .values({ email: 'l@example.com', region: 'us', currency, subtotal: 10000, shippingAmount: 0, taxAmount: 0, total: 10000, shippingMethod: 'standard', shippingAddress: {} })
    .returning({ id: orders.id, currency: orders.currency });
  return o;
}

describe('the ledger in the database', () => {
  it('rejects an unbalanced transaction at commit, even written entry by entry in raw SQL', async () => {
    const o = await order();
    await expect(
      t.primarySql.begin(async (sql) => {
        const [tx] = await sql`insert into ledger_transactions (order_id, kind, currency, external_ref) values (${o.id}, 'authorization', 'USD', 'pi_unbalanced') returning id`;
        await sql`insert into ledger_entries (transaction_id, order_id, account, amount, currency) values (${tx.id}, ${o.id}, 'stripe_authorized', 500, 'USD')`;
        await sql`insert into ledger_entries (transaction_id, order_id, account, amount, currency) values (${tx.id}, ${o.id}, 'shopper_receivable', -400, 'USD')`;
      }),
    ).rejects.toThrow(/unbalanced/);
    const [{ n }] = await t.primarySql`select count(*)::int as n from ledger_transactions where external_ref = 'pi_unbalanced'`;
    expect(n).toBe(0);
  });

  it('rejects a transaction that mixes currencies', async () => {
    const o = await order();
    await expect(
      t.primarySql.begin(async (sql) => {
        const [tx] = await sql`insert into ledger_transactions (order_id, kind, currency, external_ref) values (${o.id}, 'authorization', 'USD', 'pi_mixed') returning id`;
        await sql`insert into ledger_entries (transaction_id, order_id, account, amount, currency) values (${tx.id}, ${o.id}, 'stripe_authorized', 500, 'USD'), (${tx.id}, ${o.id}, 'shopper_receivable', -500, 'EUR')`;
      }),
    ).rejects.toThrow(/mixes currencies/);
  });

  it('judges each ledger transaction once at commit, not once per entry (ADR 026)', async () => {
    const o = await order();
    await t.primary.transaction((tx) => postAuthorization(tx, o, 'pi_judged_once', 10000));
    const calls = await t.primarySql.begin(async (sql) => {
      await sql`set local track_functions = 'all'`;
      const [tx] = await sql`insert into ledger_transactions (order_id, kind, currency, external_ref) values (${o.id}, 'capture', 'USD', 'pi_judged_once') returning id`;
      await sql`insert into ledger_entries (transaction_id, order_id, account, amount, currency) values
        (${tx.id}, ${o.id}, 'stripe_clearing', 100, 'USD'), (${tx.id}, ${o.id}, 'stripe_authorized', -100, 'USD'),
        (${tx.id}, ${o.id}, 'shopper_receivable', 100, 'USD'), (${tx.id}, ${o.id}, 'revenue', -100, 'USD')`;
      await sql`set constraints all immediate`; // fire the deferred checks now, inside the transaction
      return sql<{ funcname: string; calls: number }[]>`select funcname, calls::int from pg_stat_xact_user_functions where funcname in ('ledger_judge_transaction', 'ledger_judge_refunds') order by funcname`;
    });
    // Four entries: one balance judgement, one refund-limit judgement (the clearing entry's order).
    expect(calls.map((c) => [c.funcname, c.calls])).toEqual([
      ['ledger_judge_refunds', 1],
      ['ledger_judge_transaction', 1],
    ]);
  });

  it('still judges an entry added after a transaction was judged (SET CONSTRAINTS … IMMEDIATE)', async () => {
    const o = await order();
    await expect(
      t.primarySql.begin(async (sql) => {
        const [tx] = await sql`insert into ledger_transactions (order_id, kind, currency, external_ref) values (${o.id}, 'authorization', 'USD', 'pi_late_entry') returning id`;
        await sql`insert into ledger_entries (transaction_id, order_id, account, amount, currency) values (${tx.id}, ${o.id}, 'stripe_authorized', 500, 'USD'), (${tx.id}, ${o.id}, 'shopper_receivable', -500, 'USD')`;
        await sql`set constraints all immediate`;
        await sql`set constraints all deferred`;
        await sql`insert into ledger_entries (transaction_id, order_id, account, amount, currency) values (${tx.id}, ${o.id}, 'stripe_authorized', 1, 'USD')`;
      }),
    ).rejects.toThrow(/unbalanced/);
  });

  it('refuses to update or delete an entry or a transaction', async () => {
    const o = await order();
    await t.primary.transaction((tx) => postAuthorization(tx, o, 'pi_immutable', 10000));
    await expect(t.primarySql`update ledger_entries set amount = amount + 1 where order_id = ${o.id}`).rejects.toThrow(/append-only/);
    await expect(t.primarySql`delete from ledger_entries where order_id = ${o.id}`).rejects.toThrow(/append-only/);
    await expect(t.primarySql`update ledger_transactions set memo = 'x' where order_id = ${o.id}`).rejects.toThrow(/append-only/);
    await expect(t.primarySql`truncate ledger_entries`).rejects.toThrow(/append-only/);
  });

  it('refuses refunds beyond what was captured', async () => {
    const o = await order();
    await t.primary.transaction(async (tx) => {
      await postAuthorization(tx, o, 'pi_r', 10000);
      await postCapture(tx, o, 'pi_r', 6000, 4000);
    });
    await t.primary.transaction((tx) => postRefund(tx, o, 're_1', 5000));
    await expect(t.primary.transaction((tx) => postRefund(tx, o, 're_2', 1001))).rejects.toThrow();
    await t.primary.transaction((tx) => postRefund(tx, o, 're_3', 1000));
    expect(await orderPaymentState(t.primary, o.id)).toMatchObject({ authorized: 10000, captured: 6000, released: 4000, refunded: 6000, openAuthorization: 0, refundable: 0 });
  });

  it('records a movement once per provider object, and refuses an unbalanced posting in code too', async () => {
    const o = await order();
    const first = await t.primary.transaction((tx) => postAuthorization(tx, o, 'pi_once', 10000));
    const again = await t.primary.transaction((tx) => postAuthorization(tx, o, 'pi_once', 10000));
    expect([first.recorded, again.recorded]).toEqual([true, false]);
    expect((await orderPaymentState(t.primary, o.id)).authorized).toBe(10000);
    await expect(
      t.primary.transaction((tx) => post(tx, { orderId: o.id, kind: 'capture', currency: 'USD', externalRef: 'x', entries: [{ account: 'revenue', amount: -5 }] })),
    ).rejects.toBeInstanceOf(UnbalancedPostingError);
  });
});
