import type Stripe from 'stripe';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_API_VERSION, StripeStore } from './store/core';
import { createPaymentIntent, listPaymentIntents } from './store/payment-intents';
import { rejectionOf, setUpStripeSuite } from './test-helpers';

let stripe: Stripe;

setUpStripeSuite((s) => ({ stripe } = s), { beforeEach: () => vi.restoreAllMocks() });

const DAY_MS = 86_400_000;

/** Run `fn` with the emulator's clock (Date.now) moved by `offsetMs`. */
async function shifted<T>(offsetMs: number, fn: () => Promise<T>): Promise<T> {
  const real = Date.now.bind(Date);
  const spy = vi.spyOn(Date, 'now').mockImplementation(() => real() + offsetMs);
  try {
    return await fn();
  } finally {
    spy.mockRestore();
  }
}

async function paid(amount: number) {
  return stripe.paymentIntents.create({ amount, currency: 'usd', payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'], confirm: true });
}

/** Run `task(i)` for i in [0, n) with `concurrency` in flight. */
async function inParallel(n: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

describe('Lists for reconciliation: charges, refunds, payment_intents', () => {
  it('support limit, starting_after, created[gte|lte] and has_more consistently, and page with autoPagingToArray / autoPagingEach', async () => {
    // Three days of payments, two per day, each refunded by 100.
    const byDay: Stripe.PaymentIntent[][] = [];
    for (const daysAgo of [2, 1, 0]) {
      const day: Stripe.PaymentIntent[] = [];
      for (let i = 0; i < 2; i++) {
        day.push(await shifted(-daysAgo * DAY_MS, async () => {
          const pi = await paid(1000 + daysAgo * 10 + i);
          await stripe.refunds.create({ payment_intent: pi.id, amount: 100 });
          return pi;
        }));
      }
      byDay.push(day);
    }
    const piIds = byDay.flat().map((p) => p.id).reverse(); // newest first
    const chargeIds = byDay.flat().map((p) => p.latest_charge as string).reverse();
    const nowS = Math.floor(Date.now() / 1000);
    const yesterdayStart = nowS - 86400 - 3600;
    const yesterdayEnd = nowS - 86400 + 3600;

    // PaymentIntents
    const p1 = await stripe.paymentIntents.list({ limit: 4 });
    expect(p1).toMatchObject({ has_more: true, url: '/v1/payment_intents' });
    expect(p1.data.map((p) => p.id)).toEqual(piIds.slice(0, 4));
    const p2 = await stripe.paymentIntents.list({ limit: 4, starting_after: p1.data[3].id });
    expect(p2).toMatchObject({ has_more: false });
    expect(p2.data.map((p) => p.id)).toEqual(piIds.slice(4));
    const yesterday = await stripe.paymentIntents.list({ created: { gte: yesterdayStart, lte: yesterdayEnd } });
    expect(yesterday.data.map((p) => p.id)).toEqual(byDay[1].map((p) => p.id).reverse());
    const sinceYesterday = await stripe.paymentIntents.list({ created: { gte: yesterdayStart }, limit: 1 }).autoPagingToArray({ limit: 100 });
    expect(sinceYesterday.map((p) => p.id)).toEqual(piIds.slice(0, 4));

    // Charges
    const c1 = await stripe.charges.list({ limit: 5, created: { lte: yesterdayEnd } });
    expect(c1.data.map((c) => c.id)).toEqual(chargeIds.slice(2));
    expect(c1.has_more).toBe(false);
    const c2 = await stripe.charges.list({ limit: 1, created: { lte: yesterdayEnd } });
    expect(c2.has_more).toBe(true);
    const seen: string[] = [];
    await stripe.charges.list({ limit: 2 }).autoPagingEach((c) => {
      seen.push(c.id);
    });
    expect(seen).toEqual(chargeIds);
    expect((await stripe.charges.list({ payment_intent: byDay[0][1].id })).data.map((c) => c.id)).toEqual([byDay[0][1].latest_charge]);

    // Refunds
    const refunds = await stripe.refunds.list({ limit: 2 }).autoPagingToArray({ limit: 100 });
    expect(refunds.map((r) => r.charge)).toEqual(chargeIds);
    const oldRefunds = await stripe.refunds.list({ created: { lte: nowS - 2 * 86400 + 3600 } });
    expect(oldRefunds.data.map((r) => r.payment_intent)).toEqual(byDay[0].map((p) => p.id).reverse());
    const r2 = await stripe.refunds.list({ limit: 3, starting_after: refunds[2].id });
    expect(r2.data.map((r) => r.id)).toEqual(refunds.slice(3).map((r) => r.id));
    expect(r2.has_more).toBe(false);

    // Balance transactions: a charge (+) and a refund (−) per payment.
    const txns = await stripe.balanceTransactions.list({ limit: 100 });
    expect(txns.data).toHaveLength(12);
    expect(txns.data.filter((t) => t.type === 'charge').reduce((n, t) => n + t.amount, 0)).toBe(byDay.flat().reduce((n, p) => n + p.amount, 0));
    expect(txns.data.filter((t) => t.type === 'refund').every((t) => t.amount === -100)).toBe(true);
    const charge = await stripe.charges.retrieve(chargeIds[0], { expand: ['balance_transaction'] });
    expect(charge.balance_transaction).toMatchObject({ object: 'balance_transaction', source: chargeIds[0], amount: charge.amount, fee: 0, net: charge.amount, reporting_category: 'charge' });

    // Limits and unknown cursors, the same everywhere.
    for (const list of [() => stripe.charges.list({ limit: 101 }), () => stripe.refunds.list({ limit: 0 }), () => stripe.paymentIntents.list({ limit: 500 })]) {
      expect((await rejectionOf(list())).code).toBe('parameter_invalid_integer');
    }
    expect((await rejectionOf(stripe.refunds.list({ starting_after: 're_unknown' }))).code).toBe('resource_missing');
    // A cursor outside the filter still positions the page (as on Stripe).
    const afterOther = await stripe.charges.list({ payment_intent: byDay[0][0].id, starting_after: chargeIds[0] });
    expect(afterOther.data.map((c) => c.id)).toEqual([byDay[0][0].latest_charge]);
  });

  it('lists 3,000 PaymentIntents with autoPagingToArray({ limit: 10000 }) in reasonable time', async () => {
    const n = 3000;
    await inParallel(n, 8, (i) => stripe.paymentIntents.create({ amount: 1000 + i, currency: 'usd', allowed_payment_method_types: ['card'], metadata: { i: String(i) } }));
    const started = Date.now();
    const all = await stripe.paymentIntents.list({ limit: 100 }).autoPagingToArray({ limit: 10000 });
    const ms = Date.now() - started;
    expect(all).toHaveLength(n);
    expect(new Set(all.map((p) => p.id)).size).toBe(n);
    for (let i = 1; i < all.length; i++) expect(all[i - 1].created).toBeGreaterThanOrEqual(all[i].created);
    // 30 pages of 100 over HTTP: well under a second on a laptop; generous for a shared CI box.
    expect(ms).toBeLessThan(8000);
  });
});

describe('List performance (store)', () => {
  const ctx = { requestId: null, idempotencyKey: null, apiVersion: DEFAULT_API_VERSION };
  function storeWith(n: number): StripeStore {
    const store = new StripeStore({ publicUrl: () => 'http://127.0.0.1' });
    for (let i = 0; i < n; i++) createPaymentIntent(store, { amount: String(100 + i), currency: 'usd', allowed_payment_method_types: ['card'] }, ctx);
    return store;
  }
  // The fastest of 5 rounds: a busy machine (a test run beside a build) only ever adds time, so the
  // minimum is the cost of the code, not of the neighbours.
  const time = (fn: () => void) => {
    let best = Infinity;
    for (let round = 0; round < 5; round++) {
      const t = performance.now();
      for (let i = 0; i < 20; i++) fn();
      best = Math.min(best, (performance.now() - t) * 5);
    }
    return best;
  };

  it('pages through 10,000 PaymentIntents quickly; a page costs about the same in a store of 10,000 as in one of 200', () => {
    const big = storeWith(10_000);
    const started = performance.now();
    let pages = 0;
    let count = 0;
    let cursor: string | undefined;
    let beforeLast: string | undefined;
    for (;;) {
      const page = listPaymentIntents(big, cursor ? { limit: '100', starting_after: cursor } : { limit: '100' });
      pages++;
      count += page.data.length;
      if (!page.has_more) break;
      beforeLast = cursor;
      cursor = page.data[page.data.length - 1].id;
    }
    expect(count).toBe(10_000);
    expect(pages).toBe(100);
    expect(performance.now() - started).toBeLessThan(1000);

    // No scan or sort of the whole collection per page: compare with a small store, on the first
    // page and on a page whose cursor sits deep in the list.
    const small = storeWith(200);
    const smallCursor = listPaymentIntents(small, { limit: '100' }).data[99].id;
    const deep = beforeLast as string;
    expect(listPaymentIntents(big, { limit: '100', starting_after: deep }).data).toHaveLength(100);
    const smallFirst = time(() => listPaymentIntents(small, { limit: '100' }));
    const smallDeep = time(() => listPaymentIntents(small, { limit: '100', starting_after: smallCursor }));
    const bigFirst = time(() => listPaymentIntents(big, { limit: '100' }));
    const bigDeep = time(() => listPaymentIntents(big, { limit: '100', starting_after: deep }));
    expect(bigFirst).toBeLessThan(smallFirst * 4 + 50);
    expect(bigDeep).toBeLessThan(smallDeep * 4 + 50);
    big.dispose();
    small.dispose();
  });
});
