// Vitest global setup: one real Postgres for the run (DATABASE_URL's server, or an embedded one in
// .data/postgres-test) and a migrated template database each test file clones in milliseconds.
import { migrateDatabase } from '../migrate';
import { createDatabase, dropDatabase, ensurePostgres } from '../postgres';

export const TEMPLATE_DB = 'dotshop_test_template';

export default async function setup() {
  const pg = await ensurePostgres({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: '.data/postgres-test',
    port: Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54339),
  });
  await dropDatabase(pg.serverUrl, TEMPLATE_DB);
  await createDatabase(pg.serverUrl, TEMPLATE_DB);
  await migrateDatabase(pg.urlFor(TEMPLATE_DB));
  process.env.TEST_PG_SERVER_URL = pg.serverUrl;
  return async () => {
    await pg.stop();
  };
}
