// Idempotency for every write: (scope, key) → request fingerprint, state, stored response.
// Same key + same request → the stored response; same key + different request → 422; a
// concurrent duplicate waits for the first and replays it (409 after a bound). Keys expire
// after 24 h (jobs/purge-idempotency-keys.ts).
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client';
import { idempotencyKeys } from '../../../db/commerce-schema';

export type StoredResponse = { status: number; body: unknown };
export type IdempotentResult = StoredResponse & { replayed: boolean };

export const IDEMPOTENCY_TTL_HOURS = 24;
/**
 * A `running` key whose heartbeat is older than this belongs to a crashed request; a retry may
 * take it over. The running request beats every quarter of it, so a live one is never taken over
 * (suspected interleaving (c) of issue 11: before, a slow but live first request was).
 */
const ABANDONED_AFTER_MS = 60_000;

/**
 * What the work is told: whether it took over a key whose first request died mid-way, and how to
 * store its answer inside its own last transaction (the answer then commits with the work: one
 * commit fewer, and no window where the work committed but the answer did not).
 */
export type IdempotentRun = { takenOver: boolean; storeIn: (tx: Tx, response: StoredResponse) => Promise<void> };

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
  opts: { scope: string; key: string; request: unknown; waitMs?: number; abandonedAfterMs?: number },
  run: (ctx: IdempotentRun) => Promise<StoredResponse>,
): Promise<IdempotentResult> {
  const fp = fingerprint(opts.request);
  const abandonedAfterMs = opts.abandonedAfterMs ?? ABANDONED_AFTER_MS;
  const owner = randomUUID();
  let takenOver = false;
  for (let attempt = 0; ; attempt++) {
    const claimed = await claim(db, opts.scope, opts.key, fp, owner, abandonedAfterMs);
    if (claimed) {
      takenOver = claimed === 'taken_over';
      break;
    }
    const replay = await waitAndReplay(db, opts.scope, opts.key, fp, opts.waitMs ?? 10_000);
    if (replay) return replay;
    // The first request failed and released the key: this one runs it instead.
    if (attempt >= 2) throw new IdempotencyConflictError(409, 'idempotency_key_in_use', 'A request with this Idempotency-Key keeps failing; retry shortly.');
  }
  const mine = and(eq(idempotencyKeys.scope, opts.scope), eq(idempotencyKeys.key, opts.key), eq(idempotencyKeys.owner, owner));
  const heartbeat = setInterval(() => {
    db.update(idempotencyKeys)
      .set({ heartbeatAt: sql`now()` })
      .where(and(mine, eq(idempotencyKeys.state, 'running')))
      .catch(() => {}); // a missed beat only risks a takeover, which the work tolerates
  }, Math.max(10, Math.floor(abandonedAfterMs / 4)));
  let response: StoredResponse;
  let storedInWork: string | null = null;
  const answerOf = (r: StoredResponse) => `${r.status} ${JSON.stringify(r.body)}`;
  const storeIn = async (tx: Tx, r: StoredResponse) => {
    const rows = await tx
      .update(idempotencyKeys)
      .set({ state: 'completed', responseStatus: r.status, responseBody: r.body as object, completedAt: sql`now()` })
      .where(mine)
      .returning({ key: idempotencyKeys.key });
    if (rows.length) storedInWork = answerOf(r);
  };
  try {
    response = await run({ takenOver, storeIn });
  } catch (err) {
    clearInterval(heartbeat);
    // Unexpected failure: forget the key so a retry runs again (the work itself is idempotent) —
    // unless the work's transaction already committed its answer, which a retry must replay.
    if (storedInWork === null) await db.delete(idempotencyKeys).where(mine);
    throw err;
  }
  clearInterval(heartbeat);
  // Already stored by the work's own transaction (and committed with it).
  if (storedInWork !== null && storedInWork === answerOf(response)) return { ...response, replayed: false };
  // Only the owner stores its answer: a request that was taken over does not overwrite the answer
  // of the one that took it over.
  await db
    .update(idempotencyKeys)
    .set({ state: 'completed', responseStatus: response.status, responseBody: response.body as object, completedAt: sql`now()` })
    .where(mine);
  return { ...response, replayed: false };
}

async function claim(db: Db, scope: string, key: string, fp: string, owner: string, abandonedAfterMs: number): Promise<'claimed' | 'taken_over' | null> {
  const rows = await db
    .insert(idempotencyKeys)
    .values({ scope, key, fingerprint: fp, state: 'running', owner, heartbeatAt: sql`now()`, expiresAt: sql`now() + make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})` })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (rows.length) return 'claimed';
  // Take over a key whose first request crashed while running (same request only): its heartbeat stopped.
  const taken = await db
    .update(idempotencyKeys)
    .set({ createdAt: sql`now()`, heartbeatAt: sql`now()`, owner })
    .where(
      and(
        eq(idempotencyKeys.scope, scope),
        eq(idempotencyKeys.key, key),
        eq(idempotencyKeys.fingerprint, fp),
        eq(idempotencyKeys.state, 'running'),
        lt(sql`coalesce(${idempotencyKeys.heartbeatAt}, ${idempotencyKeys.createdAt})`, sql`now() - make_interval(secs => ${abandonedAfterMs / 1000})`),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  return taken.length > 0 ? 'taken_over' : null;
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
