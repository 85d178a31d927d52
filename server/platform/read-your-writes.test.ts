// Issue 12 on a real two-node setup: an embedded primary and a streaming standby that reaches it
// through the WAN link (40 ms round trip). A write's position is read on the replica once
// replayed; a paused replica sends the reader to the primary after the bounded wait; a stopped
// replica is not waited on; lag is measured. The WAN link really delays.
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabases, type Databases } from '../../db/client';
import { createDatabase, dropDatabase, ensurePostgres, type PostgresHandle } from '../../db/postgres';
import { startStandby, type Standby } from '../../db/standby';
import { currentLsn, laterLsn, lsnCookie, lsnFromRequest, lsnValue, readerFor, ReplicaMonitor, replicaLag } from './read-your-writes';
import { startWanLink, type WanLink } from './wan-link';

const PRIMARY_PORT = 54381;
const STANDBY_PORT = 54382;
const DB = 'regions_test';
let pg: PostgresHandle;
let wan: WanLink;
let standby: Standby;
let dbs: Databases;

beforeAll(async () => {
  pg = await ensurePostgres({ dataDir: '.data/postgres-regions-primary', port: PRIMARY_PORT, stopOnSignal: false });
  await dropDatabase(pg.serverUrl, DB);
  await createDatabase(pg.serverUrl, DB);
  const p = postgres(pg.urlFor(DB), { max: 1, onnotice: () => {} });
  await p`create table notes (id serial primary key, body text not null)`;
  await p.end();
  wan = await startWanLink({ target: { host: '127.0.0.1', port: PRIMARY_PORT }, rttMs: 40 });
  standby = await startStandby({ primaryServerUrl: pg.serverUrl, primaryDataDir: '.data/postgres-regions-primary', dataDir: '.data/postgres-regions-standby', port: STANDBY_PORT, slot: 'regions_test', upstream: { host: '127.0.0.1', port: wan.port } });
  dbs = createDatabases({ url: pg.urlFor(DB), replicaUrl: standby.url(DB), max: 3 });
}, 120_000);
afterAll(async () => {
  await dbs?.close();
  await standby?.stop('immediate');
  await wan?.close();
  await pg?.stop();
});

describe('a streaming replica behind a WAN link', () => {
  it('streams: a committed row is read on the replica once replayed (the reader waits for it)', async () => {
    await dbs.primary.execute(sql`insert into notes (body) values ('first')`);
    const lsn = await currentLsn(dbs.primary);
    const reader = await readerFor(dbs, lsn, { waitMs: 5000 });
    expect(reader.source).toBe('replica');
    const rows = await reader.db.execute<{ body: string }>(sql`select body from notes`);
    expect(rows.map((r) => r.body)).toContain('first');
    const [{ in_recovery }] = await dbs.replica.execute<{ in_recovery: boolean }>(sql`select pg_is_in_recovery() as in_recovery`);
    expect(in_recovery).toBe(true);
  });

  it('reads your write from the primary when the replica is held behind, and from the replica again once it catches up', async () => {
    await standby.pauseReplay(DB);
    try {
      await dbs.primary.execute(sql`insert into notes (body) values ('while paused')`);
      const lsn = await currentLsn(dbs.primary);
      const behind = await readerFor(dbs, lsn, { waitMs: 150 });
      expect(behind.source).toBe('primary');
      expect((await behind.db.execute<{ body: string }>(sql`select body from notes`)).map((r) => r.body)).toContain('while paused');
      // The replica itself does not have it: without the cookie a reader would not see the write.
      expect((await dbs.replica.execute<{ body: string }>(sql`select body from notes`)).map((r) => r.body)).not.toContain('while paused');
      // Someone who did not write reads the replica without waiting.
      expect((await readerFor(dbs, null)).source).toBe('replica');
      const lag = await replicaLag(dbs.replica);
      expect(lag.bytes).toBeGreaterThan(0);
    } finally {
      await standby.resumeReplay(DB);
    }
    const lsn = await currentLsn(dbs.primary);
    expect((await readerFor(dbs, lsn, { waitMs: 5000 })).source).toBe('replica');
    expect((await replicaLag(dbs.replica)).bytes).toBe(0);
  });

  it('carries the position in a cookie it validates', () => {
    const cookie = lsnCookie('0/3000148', { secure: true });
    expect(cookie).toMatch(/^dotshop_lsn=0%2F3000148; Path=\/; Max-Age=60; HttpOnly; SameSite=Lax; Secure$/);
    const req = (c: string) => new Request('http://x/', { headers: { Cookie: c } });
    expect(lsnFromRequest(req(`a=1; ${cookie.split(';')[0]}`))).toBe('0/3000148');
    expect(lsnFromRequest(req("dotshop_lsn=0/1'; drop table x"))).toBeNull();
    expect(lsnFromRequest(req('other=1'))).toBeNull();
  });

  it('compares positions as numbers, not strings (the origin cache keeps the later of its purges)', () => {
    expect(lsnValue('1/0')! > lsnValue('0/FFFFFFFF')!).toBe(true);
    expect(laterLsn('0/FFFFFFFF', '1/0')).toBe('1/0');
    expect(laterLsn('0/9', '0/10')).toBe('0/10');
    expect(laterLsn('0/10', null)).toBe('0/10');
    expect(laterLsn(null, 'junk')).toBeNull();
  });

  it('a replica that lags past the bound, or stops, is skipped: reads go to the primary', async () => {
    const monitor = new ReplicaMonitor(dbs.replica, { maxLagSeconds: 0.2 });
    await monitor.check();
    expect(monitor.healthy).toBe(true);
    expect((await readerFor(dbs, null, { monitor })).source).toBe('replica');
    await standby.pauseReplay(DB);
    try {
      await dbs.primary.execute(sql`insert into notes (body) values ('lagging')`);
      await new Promise((r) => setTimeout(r, 600));
      await monitor.check();
      expect(monitor.healthy).toBe(false);
      expect((await readerFor(dbs, null, { monitor })).source).toBe('primary');
    } finally {
      await standby.resumeReplay(DB);
    }
  });

  it('the WAN link really costs a round trip per statement', async () => {
    const far = postgres(`postgres://postgres:dotshop-local@127.0.0.1:${wan.port}/${DB}`, { max: 1, onnotice: () => {} });
    await far`select 1`;
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) await far`select 1`;
    const perStatement = (performance.now() - t0) / 5;
    await far.end();
    expect(perStatement).toBeGreaterThanOrEqual(40);
  });
});
