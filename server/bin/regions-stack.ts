// `npm run start:regions`: the shop in two regions on one machine (issue 12). us-east holds the
// primary (the embedded Postgres, as `npm start`); eu-west gets a real streaming standby of it and
// its own web and worker (REGION=eu-west). The regions talk only through the WAN link, a proxy
// that delays every chunk by half of WAN_RTT_MS each way (default 80 ms, us-east-1 ↔ eu-west-1):
// eu-west's connections to the primary and the standby's WAL stream both cross it. us-east on
// PORT, eu-west on PORT+1. Ctrl-C stops everything in order.
import fs from 'node:fs';
import path from 'node:path';
import { createDatabases } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { createDatabase, dropDatabase, ensurePostgres, PostgresStartError } from '../../db/postgres';
import { startStandby } from '../../db/standby';
import { ConfigError, loadConfig } from '../platform/config';
import { type ServiceSpec, Supervisor } from '../platform/supervisor';
import { startWanLink } from '../platform/wan-link';
import { seedDatabase } from './seed';

async function main() {
  const config = loadConfig();
  const say = (m: string) => console.log(`[regions] ${m}`);
  if (config.DATABASE_URL) throw new ConfigError('start:regions clones the embedded Postgres into a standby: unset DATABASE_URL.');
  const rtt = Number(process.env.WAN_RTT_MS ?? 80);
  const pg = await ensurePostgres({ dataDir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT, log: say, stopOnSignal: false });
  if (config.LOCAL_DB_RESET === '1') {
    await dropDatabase(pg.serverUrl, config.LOCAL_DB_NAME);
    fs.rmSync(config.STRIPE_EMULATOR_STATE_FILE, { force: true });
  }
  await createDatabase(pg.serverUrl, config.LOCAL_DB_NAME);
  const primaryUrl = pg.urlFor(config.LOCAL_DB_NAME);
  await migrateDatabase(primaryUrl);
  const seedDb = createDatabases({ url: primaryUrl, max: 2, applicationName: 'dotshop-seed' });
  await seedDatabase(seedDb.primary, { adminEmail: config.ADMIN_EMAIL, adminPassword: config.ADMIN_PASSWORD, resetAdminPassword: config.isLocal, log: say });
  await seedDb.close();

  const wan = await startWanLink({ target: { host: '127.0.0.1', port: config.EMBEDDED_PG_PORT }, rttMs: rtt });
  const standbyPort = config.EMBEDDED_PG_PORT + 1;
  say(`WAN link on port ${wan.port} (${rtt} ms round trip); cloning the primary into eu-west's standby…`);
  const standby = await startStandby({
    primaryServerUrl: pg.serverUrl,
    primaryDataDir: config.EMBEDDED_PG_DIR,
    dataDir: path.join(path.dirname(config.EMBEDDED_PG_DIR), 'postgres-eu-west'),
    port: standbyPort,
    slot: 'eu_west',
    upstream: { host: '127.0.0.1', port: wan.port },
  });
  const viaWan = new URL(primaryUrl);
  viaWan.port = String(wan.port);

  const supervisor = new Supervisor({ log: (m) => console.error(`[regions] ${m}`) });
  const base = { ...process.env, DOTSHOP_MODE: config.DOTSHOP_MODE, PRIMARY_REGION: 'us-east', STRIPE_EMULATOR_PORT: String(config.STRIPE_EMULATOR_PORT), SHOPIFY_EMULATOR_PORT: String(config.SHOPIFY_EMULATOR_PORT) };
  const node = (name: string, entry: string, env: Record<string, string>): ServiceSpec => ({ name, command: process.execPath, args: ['--import', 'tsx', entry], env: { ...base, DOTSHOP_SERVICE: name, ...env } });
  const http = (url: string) => async () => {
    for (const end = Date.now() + 60_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
      if ((await fetch(url).catch(() => null))?.ok) return;
    }
    throw new Error(`${url} did not answer in 60 s`);
  };
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    await supervisor.stop();
    await standby.stop('fast');
    await wan.close();
    await pg.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  const usPort = config.PORT;
  const euPort = config.PORT + 1;
  // The emulators stand for Stripe's and Shopify's own global endpoints; their webhooks reach the
  // primary region.
  await supervisor.start({
    ...node('stripe-emulator', 'emulators/stripe/main.ts', { STRIPE_WEBHOOK_URL: `http://127.0.0.1:${usPort}/webhooks/stripe`, STRIPE_WEBHOOK_SECRET: config.STRIPE_WEBHOOK_SECRET, STRIPE_EMULATOR_STATE_FILE: config.STRIPE_EMULATOR_STATE_FILE }),
    ready: http(`${config.STRIPE_API_BASE}/_emulator/health`),
  });
  await supervisor.start({
    ...node('shopify-emulator', 'emulators/shopify/main.ts', { SHOPIFY_WEBHOOK_URL: `http://127.0.0.1:${usPort}/webhooks/shopify`, SHOPIFY_API_SECRET: config.SHOPIFY_API_SECRET, SHOPIFY_ACCESS_TOKEN: config.SHOPIFY_ACCESS_TOKEN, SHOPIFY_SHOP_DOMAIN: config.SHOPIFY_SHOP_DOMAIN }),
    ready: http(`${config.SHOPIFY_API_BASE}/_emulator/health`),
  });
  const us = { REGION: 'us-east', PORT: String(usPort), DATABASE_URL: primaryUrl, PUBLIC_URL: `http://localhost:${usPort}` };
  const eu = { REGION: 'eu-west', PORT: String(euPort), DATABASE_URL: viaWan.toString(), DATABASE_REPLICA_URL: standby.url(config.LOCAL_DB_NAME), PUBLIC_URL: `http://localhost:${euPort}` };
  await supervisor.start({ ...node('web-us-east', 'server/bin/web.ts', us), ready: http(`http://127.0.0.1:${usPort}/readyz`) });
  await supervisor.start(node('worker-us-east', 'jobs/worker.ts', us));
  await supervisor.start({ ...node('web-eu-west', 'server/bin/web.ts', eu), ready: http(`http://127.0.0.1:${euPort}/readyz`) });
  await supervisor.start(node('worker-eu-west', 'jobs/worker.ts', eu));
  console.log(
    [
      '',
      '  DotShop is running in two regions.',
      `  us-east   http://localhost:${usPort}/   (primary Postgres, port ${config.EMBEDDED_PG_PORT})`,
      `  eu-west   http://localhost:${euPort}/   (streaming standby, port ${standbyPort}; the primary ${rtt} ms away through the WAN link)`,
      `  Admin     http://localhost:${usPort}/admin${config.isLocal ? `   ${config.ADMIN_EMAIL} / ${config.ADMIN_PASSWORD}` : ''}`,
      `  Replica   http://localhost:${euPort}/readyz shows eu-west's lag`,
      '',
    ].join('\n'),
  );
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof PostgresStartError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
