// Playwright's webServer: a fresh database, then exactly what `npm start` runs (local-stack),
// on the e2e port. The embedded Postgres it starts lives as long as this process.
import fs from 'node:fs';
import { createDatabase, dropDatabase, ensurePostgres } from '../db/postgres';
import { E2E_DB_NAME, E2E_EMBEDDED_PG_DIR, E2E_EMBEDDED_PG_PORT, E2E_PORT, e2eDatabaseUrl } from './env';

const pg = await ensurePostgres({ databaseUrl: process.env.DATABASE_URL, dataDir: E2E_EMBEDDED_PG_DIR, port: E2E_EMBEDDED_PG_PORT, stopOnSignal: false });
await dropDatabase(pg.serverUrl, E2E_DB_NAME);
await createDatabase(pg.serverUrl, E2E_DB_NAME);
// A fresh Stripe account for the fresh database (the emulator keeps its state in this file).
const stripeStateFile = `.data/stripe-emulator-e2e-${E2E_PORT}.json`;
fs.rmSync(stripeStateFile, { force: true });
Object.assign(process.env, {
  DATABASE_URL: e2eDatabaseUrl(),
  PORT: String(E2E_PORT),
  STRIPE_EMULATOR_PORT: process.env.E2E_STRIPE_EMULATOR_PORT ?? String(E2E_PORT + 9012),
  SHOPIFY_EMULATOR_PORT: process.env.E2E_SHOPIFY_EMULATOR_PORT ?? String(E2E_PORT + 9021),
  STRIPE_EMULATOR_STATE_FILE: stripeStateFile,
  LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
  // The emulators print only failed requests and deliveries during the suite.
  EMULATOR_LOG: process.env.EMULATOR_LOG ?? 'errors',
  // The suite signs in many times from one address; the limiter itself has its own test.
  ADMIN_SIGNIN_RATE_LIMIT: '1000',
  ORDER_LOOKUP_RATE_LIMIT: '1000',
});
// local-stack stops the web, worker and emulators on SIGTERM/SIGINT and then exits; the embedded
// cluster stops at that exit (after the connections are gone), not at the signal.
void pg;
await import('../server/bin/local-stack');
