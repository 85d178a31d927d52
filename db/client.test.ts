// The primary handle sends Drizzle's statements as named prepared statements (ADR 014), in plain
// queries, transactions and savepoints alike; the replica handle and `preparedStatements: false`
// do not. pg_prepared_statements lists what this session (connection) has prepared.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabases, type Databases } from './client';
import { createTestDatabase, type TestDatabase } from './testing/database';

let t: TestDatabase;
let unprepared: Databases;
beforeAll(async () => {
  t = await createTestDatabase('client');
  unprepared = createDatabases({ url: t.url, max: 1, preparedStatements: false });
});
afterAll(async () => {
  await unprepared?.close();
  await t?.drop();
});

type Tx = Parameters<Parameters<Databases['primary']['transaction']>[0]>[0];
const preparedHere = async (tx: Tx, marker: string) =>
  (await tx.execute<{ statement: string }>(sql`select statement from pg_prepared_statements`)).some((r) => r.statement.includes(marker));

describe('database handles', () => {
  it('the primary prepares its statements, in a transaction and in a savepoint', async () => {
    await t.primary.transaction(async (tx) => {
      const [row] = await tx.execute<{ n: number }>(sql`select ${41}::int + 1 as n /* marker_tx */`);
      expect(row.n).toBe(42);
      expect(await preparedHere(tx, 'marker_tx')).toBe(true);
      await tx.transaction(async (sp) => {
        await sp.execute(sql`select ${1}::int as n /* marker_savepoint */`);
        expect(await preparedHere(sp, 'marker_savepoint')).toBe(true);
      });
    });
  });

  it('the same statement run again reuses the prepared one (one entry, not two)', async () => {
    await t.primary.transaction(async (tx) => {
      for (const n of [1, 2, 3]) await tx.execute(sql`select ${n}::int as n /* marker_reuse */`);
      const rows = await tx.execute<{ n: number }>(sql`select count(*)::int as n from pg_prepared_statements where statement like ${'%marker_reuse%'} and statement not like ${'%pg_prepared_statements%'}`);
      expect(rows[0].n).toBe(1);
    });
  });

  it('the replica handle and preparedStatements: false send unnamed statements', async () => {
    await unprepared.primary.transaction(async (tx) => {
      await tx.execute(sql`select ${1}::int as n /* marker_unprepared */`);
      expect(await preparedHere(tx, 'marker_unprepared')).toBe(false);
    });
    await t.replica.transaction(async (tx) => {
      await tx.execute(sql`select ${1}::int as n /* marker_replica */`);
      expect(await preparedHere(tx, 'marker_replica')).toBe(false);
    });
  });
});
