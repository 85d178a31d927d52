import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../db/testing/database';
import { IdempotencyConflictError, fingerprint, purgeExpiredIdempotencyKeys, withIdempotency } from './idempotency';
import { sql } from 'drizzle-orm';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('idem');
});
afterAll(async () => t?.drop());

describe('withIdempotency', () => {
  it('runs once and replays the stored response for the same key and request', async () => {
    let runs = 0;
    const call = () => withIdempotency(t.primary, { scope: 's', key: 'k1', request: { a: 1, b: [1, 2] } }, async () => ({ status: 201, body: { n: ++runs } }));
    const first = await call();
    const second = await call();
    expect(first).toEqual({ status: 201, body: { n: 1 }, replayed: false });
    expect(second).toEqual({ status: 201, body: { n: 1 }, replayed: true });
    expect(runs).toBe(1);
  });

  it('fingerprints requests independently of key order', () => {
    expect(fingerprint({ a: 1, b: { c: 2, d: 3 } })).toBe(fingerprint({ b: { d: 3, c: 2 }, a: 1 }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
  });

  it('rejects the same key with a different request with 422', async () => {
    await withIdempotency(t.primary, { scope: 's', key: 'k2', request: { q: 1 } }, async () => ({ status: 200, body: {} }));
    const err = await withIdempotency(t.primary, { scope: 's', key: 'k2', request: { q: 2 } }, async () => ({ status: 200, body: {} })).catch((e) => e);
    expect(err).toBeInstanceOf(IdempotencyConflictError);
    expect(err.status).toBe(422);
  });

  it('makes a concurrent duplicate wait for the first and replay it', async () => {
    let runs = 0;
    const slow = () =>
      withIdempotency(t.primary, { scope: 's', key: 'k3', request: { x: 1 } }, async () => {
        runs++;
        await new Promise((r) => setTimeout(r, 300));
        return { status: 201, body: { ok: true } };
      });
    const results = await Promise.all([slow(), slow(), slow(), slow(), slow()]);
    expect(runs).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(results.every((r) => r.status === 201)).toBe(true);
  });

  it('answers 409 when the first is still running past the wait bound', async () => {
    const first = withIdempotency(t.primary, { scope: 's', key: 'k4', request: {} }, async () => {
      await new Promise((r) => setTimeout(r, 500));
      return { status: 200, body: {} };
    });
    await new Promise((r) => setTimeout(r, 50));
    const err = await withIdempotency(t.primary, { scope: 's', key: 'k4', request: {}, waitMs: 100 }, async () => ({ status: 200, body: {} })).catch((e) => e);
    expect(err.status).toBe(409);
    await first;
  });

  it('forgets the key when the work throws, so a retry runs again', async () => {
    await expect(withIdempotency(t.primary, { scope: 's', key: 'k5', request: {} }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const retry = await withIdempotency(t.primary, { scope: 's', key: 'k5', request: {} }, async () => ({ status: 200, body: { again: true } }));
    expect(retry).toEqual({ status: 200, body: { again: true }, replayed: false });
  });

  it('purges keys past their expiry and keeps the rest', async () => {
    await withIdempotency(t.primary, { scope: 'p', key: 'old', request: {} }, async () => ({ status: 200, body: {} }));
    await t.primarySql`update idempotency_keys set expires_at = now() - interval '1 minute' where key = 'old'`;
    const purged = await purgeExpiredIdempotencyKeys(t.primary);
    expect(purged).toBe(1);
    const [{ n }] = await t.primary.execute<{ n: number }>(sql`select count(*)::int as n from idempotency_keys where key = 'k1'`);
    expect(n).toBe(1);
  });
});

describe('suspected (c): a takeover while the first request is alive', () => {
  it('a live first request is never taken over, however long it runs: the work runs once', async () => {
    let runs = 0;
    const release = new Promise((r) => setTimeout(r, 3000));
    const opts = { scope: 'live', key: 'k-live', request: { slow: true }, abandonedAfterMs: 1000, waitMs: 10_000 };
    const first = withIdempotency(t.primary, opts, async () => {
      runs++;
      await release; // alive, just slow (a long Stripe call, a GC pause…)
      return { status: 201, body: { n: runs } };
    });
    await new Promise((r) => setTimeout(r, 1500));
    // Older than the takeover age by its creation time (what decided a takeover before).
    await t.primarySql`update idempotency_keys set created_at = now() - interval '61 seconds' where key = 'k-live'`;
    const retry = await withIdempotency(t.primary, opts, async () => {
      runs++;
      return { status: 201, body: { n: runs } };
    });
    const done = await first;
    expect(runs).toBe(1);
    expect(retry).toEqual({ status: 201, body: { n: 1 }, replayed: true });
    expect(done.body).toEqual({ n: 1 });
  });
});
