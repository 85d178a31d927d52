// Idempotency for every write: (scope, key) → request fingerprint, state, stored response.
// Same key + same request → the stored response; same key + different request → 422; a
// concurrent duplicate waits for the first and replays it (409 after a bound). Keys expire
// after 24 h (jobs/purge-idempotency-keys.ts).
import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { idempotencyKeys } from '../../../db/commerce-schema';

export type StoredResponse = { status: number; body: unknown };
export type IdempotentResult = StoredResponse & { replayed: boolean };

export const IDEMPOTENCY_TTL_HOURS = 24;
/** A `running` key older than this belongs to a crashed request; a retry may take it over. */
const ABANDONED_AFTER_SECONDS = 60;

/**
 * The Idempotency-Key protocol is HTTP's own (the stored result is the response replayed), so this
 * error keeps its status rather than a domain category (ADR 015).
 */
export class IdempotencyConflictError extends Error {
  constructor(
    readonly status: 409 | 422,
    readonly code: 'idempotency_key_reused' | 'idempotency_key_in_use',
    message: string,
  ) {
    super(message);
  }
}

/** A stable hash of the request: the same logical request always gives the same fingerprint. */
export function fingerprint(request: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
        : v;
  return createHash('sha256').update(JSON.stringify(canonical(request))).digest('hex');
}

export async function withIdempotency(
  db: Db,
  opts: { scope: string; key: string; request: unknown; waitMs?: number },
  run: () => Promise<StoredResponse>,
): Promise<IdempotentResult> {
  const fp = fingerprint(opts.request);
  for (let attempt = 0; ; attempt++) {
    if (await claim(db, opts.scope, opts.key, fp)) break;
    const replay = await waitAndReplay(db, opts.scope, opts.key, fp, opts.waitMs ?? 10_000);
    if (replay) return replay;
    // The first request failed and released the key: this one runs it instead.
    if (attempt >= 2) throw new IdempotencyConflictError(409, 'idempotency_key_in_use', 'A request with this Idempotency-Key keeps failing; retry shortly.');
  }
  let response: StoredResponse;
  try {
    response = await run();
  } catch (err) {
    // Unexpected failure: forget the key so a retry runs again (the work itself is idempotent).
    await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.scope, opts.scope), eq(idempotencyKeys.key, opts.key)));
    throw err;
  }
  await db
    .update(idempotencyKeys)
    .set({ state: 'completed', responseStatus: response.status, responseBody: response.body as object, completedAt: sql`now()` })
    .where(and(eq(idempotencyKeys.scope, opts.scope), eq(idempotencyKeys.key, opts.key)));
  return { ...response, replayed: false };
}

async function claim(db: Db, scope: string, key: string, fp: string): Promise<boolean> {
  const rows = await db
    .insert(idempotencyKeys)
    .values({ scope, key, fingerprint: fp, state: 'running', expiresAt: sql`now() + make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})` })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (rows.length) return true;
  // Take over a key whose first request crashed while running (same request only).
  const taken = await db
    .update(idempotencyKeys)
    .set({ createdAt: sql`now()` })
    .where(
      and(
        eq(idempotencyKeys.scope, scope),
        eq(idempotencyKeys.key, key),
        eq(idempotencyKeys.fingerprint, fp),
        eq(idempotencyKeys.state, 'running'),
        lt(idempotencyKeys.createdAt, sql`now() - make_interval(secs => ${ABANDONED_AFTER_SECONDS})`),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  return taken.length > 0;
}

async function waitAndReplay(db: Db, scope: string, key: string, fp: string, waitMs: number): Promise<IdempotentResult | null> {
  const deadline = Date.now() + waitMs;
  let delay = 10;
  for (;;) {
    const [row] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
    if (!row) return null;
    if (row.fingerprint !== fp) {
      throw new IdempotencyConflictError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used for a different request.');
    }
    if (row.state === 'completed') return { status: row.responseStatus!, body: row.responseBody, replayed: true };
    if (Date.now() > deadline) {
      throw new IdempotencyConflictError(409, 'idempotency_key_in_use', 'A request with this Idempotency-Key is still in progress; retry shortly.');
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 200);
  }
}

/** Replaces a completed key's stored answer once the work it stood for has converged. */
export async function replaceStoredResponse(db: Db, at: { scope: string; key: string }, response: StoredResponse): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ responseStatus: response.status, responseBody: response.body as object, completedAt: sql`now()` })
    .where(and(eq(idempotencyKeys.scope, at.scope), eq(idempotencyKeys.key, at.key), eq(idempotencyKeys.state, 'completed')));
}

export async function purgeExpiredIdempotencyKeys(db: Db): Promise<number> {
  const rows = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, sql`now()`)).returning({ key: idempotencyKeys.key });
  return rows.length;
}
