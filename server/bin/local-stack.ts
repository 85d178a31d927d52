// `npm start`: the whole shop on one machine. Postgres (embedded unless DATABASE_URL is set),
// migrations, the seed, then the web and worker processes (the same entries the containers run)
// as children. Prints where everything is and how to sign in to the admin.
import { spawn, type ChildProcess } from 'node:child_process';
import { createDatabases } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { createDatabase, dropDatabase, ensurePostgres, PostgresStartError } from '../../db/postgres';
import { seedDatabase } from './seed';
import { ConfigError, loadConfig } from '../platform/config';

async function main() {
  const config = loadConfig();
  const say = (m: string) => console.log(`[dotshop] ${m}`);
  const pg = await ensurePostgres({ databaseUrl: config.DATABASE_URL, dataDir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT, log: say, stopOnSignal: false });
  let url = config.DATABASE_URL;
  if (!url) {
    if (config.LOCAL_DB_RESET === '1') await dropDatabase(pg.serverUrl, config.LOCAL_DB_NAME);
    await createDatabase(pg.serverUrl, config.LOCAL_DB_NAME);
    url = pg.urlFor(config.LOCAL_DB_NAME);
  }
  await migrateDatabase(url);
  const db = createDatabases({ url, max: 2, applicationName: 'dotshop-seed' });
  const seeded = await seedDatabase(db.primary, { adminEmail: config.ADMIN_EMAIL, adminPassword: config.ADMIN_PASSWORD, resetAdminPassword: config.isLocal, log: say });
  await db.close();
  say(`Catalog ready: ${seeded.products} products.`);

  const children: ChildProcess[] = [];
  const env = { ...process.env, DATABASE_URL: url, DOTSHOP_MODE: config.DOTSHOP_MODE };
  const run = (name: string, entry: string, extraEnv: Record<string, string> = {}) => {
    // The web and the worker get otel-hooks: the ESM loader hook tracing needs to patch Express
    // (it installs nothing with DOTSHOP_TRACING=off). The emulators are not traced.
    const hooks = name === 'web' || name === 'worker' ? ['--import', './server/bin/otel-hooks.mjs'] : [];
    const child = spawn(process.execPath, ['--import', 'tsx', ...hooks, entry], { env: { ...env, DOTSHOP_SERVICE: name, ...extraEnv }, stdio: 'inherit' });
    child.on('exit', (code, signal) => {
      if (!stopping) {
        console.error(`[dotshop] ${name} exited (${signal ?? code}); stopping the shop.`);
        void stop(1);
      }
    });
    children.push(child);
    return child;
  };
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await pg.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  if (config.useStripeEmulator) {
    run('stripe-emulator', 'emulators/stripe/main.ts', {
      STRIPE_EMULATOR_PORT: String(config.STRIPE_EMULATOR_PORT),
      STRIPE_WEBHOOK_URL: `http://127.0.0.1:${config.PORT}/webhooks/stripe`,
      STRIPE_WEBHOOK_SECRET: config.STRIPE_WEBHOOK_SECRET,
    });
    await waitForHttp(`${config.STRIPE_API_BASE}/_emulator/state`, 'the Stripe emulator');
  }
  if (config.useShopifyEmulator) {
    run('shopify-emulator', 'emulators/shopify/main.ts', {
      SHOPIFY_EMULATOR_PORT: String(config.SHOPIFY_EMULATOR_PORT),
      SHOPIFY_WEBHOOK_URL: `http://127.0.0.1:${config.PORT}/webhooks/shopify`,
      SHOPIFY_API_SECRET: config.SHOPIFY_API_SECRET,
      SHOPIFY_ACCESS_TOKEN: config.SHOPIFY_ACCESS_TOKEN,
      SHOPIFY_SHOP_DOMAIN: config.SHOPIFY_SHOP_DOMAIN,
    });
    await waitForHttp(`${config.SHOPIFY_API_BASE}/_emulator/health`, 'the Shopify emulator');
  }
  run('web', 'server/bin/web.ts');
  // The worker's spans go to the web process's ring (unless a collector is configured), so
  // /admin/traces shows a checkout's jobs with its request (ADR 023).
  run('worker', 'jobs/worker.ts', process.env.OTEL_EXPORTER_OTLP_ENDPOINT ? {} : { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${config.PORT}/_local/otlp` });

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
