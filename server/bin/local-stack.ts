// `npm start`: the whole shop on one machine. Postgres (embedded unless DATABASE_URL is set),
// migrations, the seed, then the web and worker processes (the same entries the containers run)
// as children. Prints where everything is and how to sign in to the admin.
import fs from 'node:fs';
import { createDatabases } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { createDatabase, dropDatabase, ensurePostgres, PostgresStartError } from '../../db/postgres';
import { seedDatabase } from './seed';
import { ConfigError, loadConfig } from '../platform/config';
import { type ServiceSpec, Supervisor } from '../platform/supervisor';

async function main() {
  const config = loadConfig();
  const say = (m: string) => console.log(`[dotshop] ${m}`);
  const pg = await ensurePostgres({ databaseUrl: config.DATABASE_URL, dataDir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT, log: say, stopOnSignal: false });
  let url = config.DATABASE_URL;
  if (!url) {
    if (config.LOCAL_DB_RESET === '1') {
      await dropDatabase(pg.serverUrl, config.LOCAL_DB_NAME);
      fs.rmSync(config.STRIPE_EMULATOR_STATE_FILE, { force: true });
    }
    await createDatabase(pg.serverUrl, config.LOCAL_DB_NAME);
    url = pg.urlFor(config.LOCAL_DB_NAME);
  }
  await migrateDatabase(url);
  const db = createDatabases({ url, max: 2, applicationName: 'dotshop-seed' });
  const seeded = await seedDatabase(db.primary, { adminEmail: config.ADMIN_EMAIL, adminPassword: config.ADMIN_PASSWORD, resetAdminPassword: config.isLocal, log: say });
  await db.close();
  say(`Catalog ready: ${seeded.products} products.`);

  // Every child runs under the supervisor: a crashed one is restarted with backoff (logged), and
  // Ctrl-C stops them all in reverse order (web and worker, then the emulators), then Postgres.
  const env = { ...process.env, DATABASE_URL: url, DOTSHOP_MODE: config.DOTSHOP_MODE };
  const supervisor = new Supervisor({ log: (m) => console.error(`[dotshop] ${m}`) });
  const tsx = (name: string, entry: string, extraEnv: Record<string, string> = {}, ready?: () => Promise<void>): ServiceSpec => ({
    name,
    command: process.execPath,
    // The web and the worker get otel-hooks: the ESM loader hook tracing needs to patch Express
    // (it installs nothing with DOTSHOP_TRACING=off). The emulators are not traced.
    args: ['--import', 'tsx', ...(name === 'web' || name === 'worker' ? ['--import', './server/bin/otel-hooks.mjs'] : []), entry],
    env: { ...env, DOTSHOP_SERVICE: name, ...extraEnv },
    ready,
  });
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) {
      console.error('[dotshop] Still stopping (waiting for the processes to exit in order)…');
      return;
    }
    stopping = true;
    await supervisor.stop();
    await pg.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  if (config.useStripeEmulator) {
    await supervisor.start(
      tsx(
        'stripe-emulator',
        'emulators/stripe/main.ts',
        {
          STRIPE_EMULATOR_PORT: String(config.STRIPE_EMULATOR_PORT),
          STRIPE_WEBHOOK_URL: `http://127.0.0.1:${config.PORT}/webhooks/stripe`,
          STRIPE_WEBHOOK_SECRET: config.STRIPE_WEBHOOK_SECRET,
          // Its account survives a restart of the emulator (an authorized order can still be captured).
          STRIPE_EMULATOR_STATE_FILE: config.STRIPE_EMULATOR_STATE_FILE,
        },
        () => waitForHttp(`${config.STRIPE_API_BASE}/_emulator/state`, 'the Stripe emulator'),
      ),
    );
  }
  if (config.useShopifyEmulator) {
    await supervisor.start(
      tsx(
        'shopify-emulator',
        'emulators/shopify/main.ts',
        {
          SHOPIFY_EMULATOR_PORT: String(config.SHOPIFY_EMULATOR_PORT),
          SHOPIFY_WEBHOOK_URL: `http://127.0.0.1:${config.PORT}/webhooks/shopify`,
          SHOPIFY_API_SECRET: config.SHOPIFY_API_SECRET,
          SHOPIFY_ACCESS_TOKEN: config.SHOPIFY_ACCESS_TOKEN,
          SHOPIFY_SHOP_DOMAIN: config.SHOPIFY_SHOP_DOMAIN,
        },
        () => waitForHttp(`${config.SHOPIFY_API_BASE}/_emulator/health`, 'the Shopify emulator'),
      ),
    );
  }
  await supervisor.start(tsx('web', 'server/bin/web.ts'));
  // The worker's spans go to the web process's ring (unless a collector is configured), so
  // /admin/traces shows a checkout's jobs with its request (ADR 023).
  await supervisor.start(tsx('worker', 'jobs/worker.ts', process.env.OTEL_EXPORTER_OTLP_ENDPOINT ? {} : { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${config.PORT}/_local/otlp` }));

  const base = `http://localhost:${config.PORT}`;
  console.log(
    [
      '',
      '  DotShop is starting.',
      `  Storefront   ${base}/`,
      `  Admin        ${base}/admin`,
      ...(config.isLocal ? [`  Sign in as   ${config.ADMIN_EMAIL} / ${config.ADMIN_PASSWORD}`] : []),
      `  Health       ${base}/healthz   Metrics ${base}/metrics`,
      ...(config.useStripeEmulator ? [`  Stripe       emulator at ${config.STRIPE_API_BASE} — pay with test card 4242 4242 4242 4242`] : []),
      ...(config.useShopifyEmulator ? [`  Shopify      emulator at ${config.SHOPIFY_API_BASE}/_emulator — change prices and stock there; purges at ${base}/_local/purges`] : []),
      `  Database     ${pg.embedded ? `embedded Postgres (${config.EMBEDDED_PG_DIR}, port ${config.EMBEDDED_PG_PORT})` : 'DATABASE_URL'}`,
      '',
    ].join('\n'),
  );
}

async function waitForHttp(url: string, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof PostgresStartError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
