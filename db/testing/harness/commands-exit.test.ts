// Issue 9: a command that starts the embedded cluster itself keeps the exit code it set. Shown on
// `check:invariants`, which sets process.exitCode = 1 on a violation and then stops the cluster
// (the path that used to end in exit 0), and, for contrast, 0 on clean data.
import { PgBoss } from 'pg-boss';
import { describe, expect, test } from 'vitest';
import { migrateDatabase } from '../../migrate';
import { createDatabase, dropDatabase, ensurePostgres } from '../../postgres';
import { embeddedUrl, postgresAnswers, runNode, tail } from './run';

const PORT = 54389;
const DIR = '.data/postgres-harness-cmd';
const DB = 'dotshop_harness_invariants';
const cmd = ['node_modules/tsx/dist/cli.mjs', 'server/bin/check-invariants.ts'];
const env = { EMBEDDED_PG_PORT: String(PORT), EMBEDDED_PG_DIR: DIR, LOCAL_DB_NAME: DB, LOG_LEVEL: 'warn' };

/** Prepares the command's database on its own embedded cluster, then stops the cluster again. */
async function withCluster(work: (url: string) => Promise<void>) {
  const pg = await ensurePostgres({ dataDir: DIR, port: PORT });
  try {
    await work(pg.urlFor(DB));
  } finally {
    await pg.stop();
  }
}


describe('check:invariants on the embedded cluster it starts itself', () => {
  test('exits 0 on clean data and 1 on a violation, and stops the cluster both times', async () => {
    await withCluster(async (url) => {
      const server = url.replace(/\/[^/]*$/, '/postgres');
      await dropDatabase(server, DB);
      await createDatabase(server, DB);
      await migrateDatabase(url);
      const boss = new PgBoss({ connectionString: url, schema: 'pgboss', supervise: false, schedule: false });
      await boss.start();
      await boss.stop({ graceful: false });
    });
    expect(await postgresAnswers(embeddedUrl(PORT))).toBe(false);

    const clean = await runNode(cmd, env);
    expect(clean.output, tail(clean)).toContain('All invariants hold.');
    expect(clean.code, tail(clean)).toBe(0);
    expect(await postgresAnswers(embeddedUrl(PORT))).toBe(false);

    // A ledger transaction with no entries: unbalanced by definition.
    await withCluster(async (url) => {
      const postgres = (await import('postgres')).default;
      const sql = postgres(url, { max: 1 });
      await sql`insert into ledger_transactions (order_id, kind, currency, external_ref) values (null, 'refund', 'USD', 're_harness')`;
      await sql.end();
    });

    const red = await runNode(cmd, env);
    expect(red.output, tail(red)).toMatch(/FAIL\s+unbalanced_ledger_transactions/);
    expect(red.code, tail(red)).toBe(1);
    expect(await postgresAnswers(embeddedUrl(PORT))).toBe(false);
  });
});
