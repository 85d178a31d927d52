// Read-your-writes across a regional replica (issue 12): a request that wrote remembers the
// primary's WAL position after its commit (a short-lived cookie); the next request's reads go to
// the regional replica once it has replayed that far (waiting a bounded moment), otherwise to the
// primary. Everyone else reads the replica without waiting. A replica that errors is never waited
// on: reads fall back to the primary. See ../shared/STACK-NOTES.md (PG 18 has no WAIT FOR LSN).
import { sql } from 'drizzle-orm';
import type { Databases, Db } from '../../db/client';

export const LSN_COOKIE = 'dotshop_lsn';
const LSN = /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/;

/** The primary's WAL position now: call right after a write commits. */
export async function currentLsn(primary: Db): Promise<string> {
  const [row] = await primary.execute<{ lsn: string }>(sql`select pg_current_wal_lsn()::text as lsn`);
  return row.lsn;
}

/** Set-Cookie for the position a shopper's next pages must see (a minute is ample). */
export function lsnCookie(lsn: string, opts: { secure: boolean }): string {
  return `${LSN_COOKIE}=${encodeURIComponent(lsn)}; Path=/; Max-Age=60; HttpOnly; SameSite=Lax${opts.secure ? '; Secure' : ''}`;
}

/** The position the request's cookie asks for, or null (absent or not an LSN). */
export function lsnFromRequest(request: Request): string | null {
  const cookie = request.headers.get('Cookie') ?? '';
  const m = new RegExp(`(?:^|;\\s*)${LSN_COOKIE}=([^;]+)`).exec(cookie);
  const value = m ? decodeURIComponent(m[1]) : null;
  return value && LSN.test(value) ? value : null;
}

/** An LSN (`X/Y`, hex) as a number to compare; null when it is not one. */
export function lsnValue(lsn: string | null | undefined): bigint | null {
  if (!lsn || !LSN.test(lsn.toUpperCase())) return null;
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

/** The later of two positions (either may be absent). */
export function laterLsn(a: string | null | undefined, b: string | null | undefined): string | null {
  const va = lsnValue(a);
  const vb = lsnValue(b);
  if (va === null) return vb === null ? null : b!;
  if (vb === null) return a!;
  return vb > va ? b! : a!;
}

export type Reader = { db: Db; source: 'replica' | 'primary'; waitedMs: number };

/**
 * Where this request reads: the replica, or — when it must see `lsn` and the replica has not
 * replayed that far within `waitMs`, or the replica does not answer — the primary.
 */
export async function readerFor(
  dbs: Pick<Databases, 'primary' | 'replica'>,
  lsn: string | null,
  opts: { waitMs?: number; pollMs?: number; monitor?: Pick<ReplicaMonitor, 'healthy'> } = {},
): Promise<Reader> {
  if (dbs.replica === dbs.primary) return { db: dbs.primary, source: 'primary', waitedMs: 0 };
  // A replica that is down or far behind is not read at all (the storefront keeps working).
  if (opts.monitor && !opts.monitor.healthy) return { db: dbs.primary, source: 'primary', waitedMs: 0 };
  if (!lsn) return { db: dbs.replica, source: 'replica', waitedMs: 0 };
  const waitMs = opts.waitMs ?? 300;
  const pollMs = opts.pollMs ?? 5;
  const start = performance.now();
  for (;;) {
    try {
      const [row] = await dbs.replica.execute<{ ok: boolean }>(sql`select coalesce(pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn, true) as ok`);
      if (row.ok) return { db: dbs.replica, source: 'replica', waitedMs: performance.now() - start };
    } catch {
      return { db: dbs.primary, source: 'primary', waitedMs: performance.now() - start };
    }
    if (performance.now() - start >= waitMs) return { db: dbs.primary, source: 'primary', waitedMs: performance.now() - start };
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** The replica's replay lag: WAL received but not yet replayed (bytes), and the age of the last replayed commit when behind (seconds). */
export async function replicaLag(replica: Db): Promise<{ bytes: number; seconds: number }> {
  const [row] = await replica.execute<{ bytes: string | null; seconds: number | null }>(
    sql`select pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::text as bytes,
               case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                    else extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 end as seconds`,
  );
  return { bytes: Number(row.bytes ?? 0), seconds: Number(row.seconds ?? 0) };
}

/**
 * Watches the regional replica (every `intervalMs`): healthy while it answers and its lag stays
 * under `maxLagSeconds`. Readers skip an unhealthy replica; /readyz reports it as degraded.
 */
export class ReplicaMonitor {
  healthy = true;
  last: { bytes: number; seconds: number } | null = null;
  lastError: string | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly replica: Db,
    private readonly opts: { intervalMs?: number; maxLagSeconds?: number } = {},
  ) {}

  async check(): Promise<void> {
    try {
      this.last = await replicaLag(this.replica);
      this.lastError = null;
      this.healthy = this.last.seconds <= (this.opts.maxLagSeconds ?? 30);
    } catch (err) {
      this.lastError = (err as Error).message;
      this.healthy = false;
    }
  }

  start(): this {
    const tick = () => {
      void this.check().finally(() => {
        if (this.timer) this.timer = setTimeout(tick, this.opts.intervalMs ?? 1000).unref();
      });
    };
    this.timer = setTimeout(tick, 0).unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
