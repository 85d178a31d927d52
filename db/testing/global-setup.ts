// Vitest global setup: one real Postgres for the run (DATABASE_URL's server, or an embedded one in
// .data/postgres-test) and a migrated template database each test file clones in milliseconds.
import { migrateDatabase } from '../migrate';
import { createDatabase, dropDatabase, ensurePostgres } from '../postgres';

// One template per test run, so two runs on one machine never drop each other's template.
const TEMPLATE_DB = `dotshop_test_template_${process.pid}`;

export default async function setup() {
  const pg = await ensurePostgres({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: process.env.TEST_EMBEDDED_PG_DIR ?? '.data/postgres-test',
    port: Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54339),
  });
  await dropDatabase(pg.serverUrl, TEMPLATE_DB);
  await createDatabase(pg.serverUrl, TEMPLATE_DB);
  await migrateDatabase(pg.urlFor(TEMPLATE_DB));
  process.env.TEST_PG_SERVER_URL = pg.serverUrl;
  process.env.TEST_PG_TEMPLATE = TEMPLATE_DB;
  return async () => {
    await dropDatabase(pg.serverUrl, TEMPLATE_DB).catch(() => {});
    await pg.stop();
  };
}
