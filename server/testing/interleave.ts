// Deterministic interleavings for tests: a gate that holds one side at a chosen call (between its
// read and its Stripe/Shopify call) and a wait that returns once the other side has either
// finished or is blocked on a Postgres lock — no sleeps that may or may not race.
import { sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Db } from '../../db/client';

export type Deferred<T = void> = { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void };

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A gate on one method: the first call signals `reached` and waits for `open()` before running. */
export type Gate = { reached: Promise<void>; open: () => void };

export function gate(): Gate & { pass: () => Promise<void> } {
  const reached = deferred();
  const opened = deferred();
  let first = true;
  return {
    reached: reached.promise,
    open: () => opened.resolve(),
    pass: async () => {
      if (!first) return;
      first = false;
      reached.resolve();
      await opened.promise;
    },
  };
}

/**
 * The same Stripe client, except that `resource.method` waits at the gate before the real call
 * (the rest of the SDK, including `this`, is the real one).
 */
export function gatedStripe<R extends 'paymentIntents' | 'refunds'>(stripe: Stripe, resource: R, method: string, g: { pass: () => Promise<void> }): Stripe {
  const real = stripe[resource] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const res = Object.create(real) as Record<string, unknown>;
  res[method] = async (...args: unknown[]) => {
    await g.pass();
    return real[method].call(real, ...args);
  };
  const s = Object.create(stripe) as Stripe;
  Object.defineProperty(s, resource, { value: res });
  return s;
}

/** Resolves once `p` has settled or some backend of this database is waiting for a lock. */
export async function settledOrBlocked(db: Db, p: Promise<unknown>, timeoutMs = 10_000): Promise<'settled' | 'blocked'> {
  let settled = false;
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (settled) return 'settled';
    const [{ n }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    if (n > 0) return 'blocked';
    if (Date.now() > deadline) throw new Error('neither settled nor blocked on a lock');
    await new Promise((r) => setTimeout(r, 5));
  }
}
