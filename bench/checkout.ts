// Checkout benchmarks (figures, not tests: nothing here asserts a time). Drives the REST API of the
// real shop (production build, fresh seeded database, Stripe emulator on loopback) and prints
// p50/p95/p99, throughput, errors, memory, CPU and correctness counts. See bench/README.md.
//
//   npm run bench:checkout      open model at 50/s and 100/s (checkout POST alone and the 3-request
//                               flow), peak at 16 shoppers, the bare-SQL ceiling (pgbench), web RSS
//                               over 10,000 checkouts, and the flash sale
//   npm run bench:flash-sale    the flash sale alone
//
// Environment (all optional):
//   BENCH_ONLY=open,peak,pgbench,rss,flash   run a subset (default: all; bench:flash-sale = flash)
//   BENCH_SECONDS=20          length of each open/closed/pgbench run
//   BENCH_RATES=50,100        open-model arrival rates (checkouts/s)
//   BENCH_CLIENTS=16          shoppers (closed model) and pgbench clients
//   BENCH_RSS_CHECKOUTS=10000 checkouts in the memory run (sampled every tenth)
//   BENCH_FLASH_ATTEMPTS=2000 BENCH_FLASH_STOCK=50 BENCH_FLASH_SOCKETS=256
//   BENCH_PORT=3310           the shop's port (Stripe emulator on BENCH_PORT+9012; stack.ts puts its
//                             Postgres on 54400 + BENCH_PORT % 100, so keep that unique across benches)
//   BENCH_STRIPE_WEBHOOKS=off pause the emulator's webhook deliveries (diagnostic: their share of the cost)
//   DATABASE_URL              a Postgres server to use; unset = bench/stack.ts's own embedded
//                             cluster for this port (.data/postgres-bench-<BENCH_PORT>)
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { mb, startBenchStack, webRssBytes, type BenchStack } from './stack';

const env = process.env;
const started = performance.now();
const log = (m: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}`);
const MODE = process.argv[2] === 'flash-sale' ? 'flash-sale' : 'all';
// The checkout's statements as bare SQL; BENCH_PGBENCH_SCRIPT runs another version (an A/B of the SQL).
const PGBENCH_SCRIPT = env.BENCH_PGBENCH_SCRIPT ?? 'bench/pgbench/checkout.sql';
const ONLY = new Set((env.BENCH_ONLY ?? (MODE === 'flash-sale' ? 'flash' : 'open,peak,pgbench,rss,flash')).split(',').map((s) => s.trim()));
const SECONDS = Number(env.BENCH_SECONDS ?? 20);
const RATES = (env.BENCH_RATES ?? '50,100').split(',').map(Number);
const CLIENTS = Number(env.BENCH_CLIENTS ?? 16);
const RSS_CHECKOUTS = Number(env.BENCH_RSS_CHECKOUTS ?? 10_000);
const FLASH_ATTEMPTS = Number(env.BENCH_FLASH_ATTEMPTS ?? 2000);
const FLASH_STOCK = Number(env.BENCH_FLASH_STOCK ?? 50);
const FLASH_SOCKETS = Number(env.BENCH_FLASH_SOCKETS ?? 256);
const PORT = Number(env.BENCH_PORT ?? 3310);
const BENCH_SKUS = 200;
const REQUEST_TIMEOUT_MS = 30_000;

/* ------------------------------------------------------------------------------------------ */
/* HTTP client: node:http with a keep-alive pool big enough that open-model arrivals never wait */
/* for a free socket (so latency is the server's, plus loopback).                              */

type Reply = { status: number; body: string; ms: number; wireMs: number };

function makeClient(baseUrl: string, maxSockets: number) {
  const u = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  function request(method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const t0 = performance.now();
    let tWire = t0;
    return new Promise((resolve) => {
      const req = http.request(
        {
          agent,
          host: u.hostname,
          port: u.port,
          method,
          path: pathname,
          headers: { Accept: 'application/json', ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}), ...headers },
          timeout: REQUEST_TIMEOUT_MS,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const t1 = performance.now();
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: t1 - t0, wireMs: t1 - tWire });
          });
          res.on('error', (err) => resolve({ status: 0, body: String(err), ms: performance.now() - t0, wireMs: performance.now() - tWire }));
        },
      );
      req.on('socket', () => (tWire = performance.now()));
      req.on('timeout', () => req.destroy(new Error('client timeout')));
      req.on('error', (err) => resolve({ status: 0, body: String(err), ms: performance.now() - t0, wireMs: performance.now() - tWire }));
      req.end(payload);
    });
  }
  return { request, close: () => agent.destroy() };
}
type Client = ReturnType<typeof makeClient>;

const checkoutBody = {
  email: 'bench@example.com',
  shippingAddress: { name: 'Bench Shopper', line1: '1 Main St', city: 'Austin', postalCode: '78701', region: 'TX', country: 'US' },
  shippingMethod: 'standard',
  region: 'us',
  paymentMethod: 'pm_card_visa',
};

type Op = { status: number; checkoutMs: number; wireMs: number; flowMs?: number; failedStep?: string; error?: string };

/** The checkout POST on a cart that already holds its line. */
async function checkoutPost(client: Client, cartId: string): Promise<Op> {
  const r = await client.request('POST', `/api/v1/carts/${cartId}/checkout`, checkoutBody, { 'Idempotency-Key': randomUUID() });
  return { status: r.status, checkoutMs: r.ms, wireMs: r.wireMs, ...(r.status === 0 ? { error: r.body } : {}) };
}

/** One shopper's whole flow: create cart, add a line, check out (3 requests). */
async function checkoutFlow(client: Client, sku: string): Promise<Op> {
  const t0 = performance.now();
  const c = await client.request('POST', '/api/v1/carts', { region: 'us' });
  if (c.status !== 201) return { status: c.status, checkoutMs: NaN, wireMs: NaN, flowMs: performance.now() - t0, failedStep: 'create cart', error: c.body.slice(0, 200) };
  const { id } = JSON.parse(c.body) as { id: string };
  const l = await client.request('POST', `/api/v1/carts/${id}/lines`, { sku, quantity: 1 });
  if (l.status !== 201) return { status: l.status, checkoutMs: NaN, wireMs: NaN, flowMs: performance.now() - t0, failedStep: 'add line', error: l.body.slice(0, 200) };
  const op = await checkoutPost(client, id);
  return { ...op, flowMs: performance.now() - t0 };
}

/* ------------------------------------------------------------------------------------------ */
/* Load models                                                                                  */

type Sample = Op & { scheduledLagMs: number; endToEndMs: number };
type RunResult = { name: string; model: string; samples: Sample[]; elapsedS: number; offered?: number; cpu: CpuReport; rssAfter: number; heapAfter: number };

/**
 * Open model: arrival i starts at t0 + i/rate whether or not earlier ones finished. Latency is
 * measured from the SCHEDULED start, so a stalled generator or server cannot hide queueing
 * (no coordinated omission); the generator's own lag is reported separately.
 */
async function openModel(rate: number, seconds: number, op: (i: number) => Promise<Op>): Promise<{ samples: Sample[]; elapsedS: number }> {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const t0 = performance.now() + 20;
  const pending: Promise<void>[] = [];
  const samples: Sample[] = [];
  let next = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && t0 + next * interval <= now) {
        const scheduled = t0 + next * interval;
        const i = next++;
        const lag = performance.now() - scheduled; // how late the generator itself started it
        pending.push(
          op(i).then((o) => {
            samples.push({ ...o, scheduledLagMs: lag, endToEndMs: performance.now() - scheduled });
          }),
        );
      }
      if (next >= total) return done();
      setTimeout(tick, Math.max(0, Math.min(5, t0 + next * interval - performance.now())));
    };
    tick();
  });
  await Promise.all(pending);
  return { samples, elapsedS: (performance.now() - t0) / 1000 };
}

/** Closed model: `clients` shoppers, each starting its next checkout when the previous answered. */
async function closedModel(clients: number, until: { seconds?: number; count?: number }, op: (i: number) => Promise<Op>, onEach?: (done: number) => Promise<void> | void): Promise<{ samples: Sample[]; elapsedS: number }> {
  const samples: Sample[] = [];
  const t0 = performance.now();
  const deadline = until.seconds ? t0 + until.seconds * 1000 : Infinity;
  let started = 0;
  const worker = async () => {
    while (performance.now() < deadline && started < (until.count ?? Infinity)) {
      const i = started++;
      const s = performance.now();
      const o = await op(i);
      samples.push({ ...o, scheduledLagMs: 0, endToEndMs: performance.now() - s });
      if (onEach) await onEach(samples.length);
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  return { samples, elapsedS: (performance.now() - t0) / 1000 };
}

/* ------------------------------------------------------------------------------------------ */
/* Where the CPU went: every process descended from this one (web, worker, Stripe emulator, our */
/* own Postgres cluster) from /proc, plus the machine's total busy time (other engineers' work). */

const TICK = 100; // USER_HZ on Linux
type CpuReport = { wallS: number; coresBusy: Record<string, number>; machineBusyPct: number; othersCores: number; load1: number };
type ProcInfo = { ppid: number; cmd: string; ticks: number; childTicks: number };

function readStat(pid: number | 'self'): ProcInfo | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields after the command: state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17)
    return { ppid: Number(rest[1]), cmd: '', ticks: Number(rest[11]) + Number(rest[12]), childTicks: Number(rest[13]) + Number(rest[14]) };
  } catch {
    return null;
  }
}

function readProcs(): Map<number, ProcInfo> {
  const out = new Map<number, ProcInfo>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const st = readStat(Number(d));
    if (st) out.set(Number(d), st);
  }
  return out;
}

function classify(cmd: string): string {
  if (/postgres/.test(cmd) && !/node/.test(cmd)) return 'postgres';
  if (cmd.includes('server/bin/web.ts')) return 'web';
  if (cmd.includes('jobs/worker.ts')) return 'worker';
  if (cmd.includes('emulators/stripe')) return 'stripe-emu';
  if (cmd.includes('pgbench')) return 'pgbench';
  return 'other';
}

let postmasterPid: number | undefined;
function findPostmaster(dataDir: string) {
  try {
    postmasterPid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {}
}

function machineTicks(): { busy: number; total: number } {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - cpu[3] - cpu[4], total };
}

/**
 * CPU per component during a run: every process descended from this one (web, worker, Stripe
 * emulator, Postgres backends) plus our Postgres cluster, sampled twice a second so short-lived
 * processes (pgbench's backends) are counted; pgbench itself (our child) from our children's
 * time. "others" = the machine's busy time that is none of ours (other people's work).
 */
class CpuMeter {
  private first = new Map<number, number>();
  private last = new Map<number, { ticks: number; group: string }>();
  private cmds = new Map<number, string>();
  private timer: NodeJS.Timeout;
  private t0 = performance.now();
  private m0 = machineTicks();
  private self0 = process.cpuUsage();
  private children0 = readStat('self')!.childTicks;

  constructor() {
    this.sample(true);
    this.timer = setInterval(() => this.sample(false), 500);
  }

  private sample(initial: boolean) {
    const procs = readProcs();
    const mine = new Set<number>([process.pid]);
    if (postmasterPid && procs.has(postmasterPid)) mine.add(postmasterPid);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, p] of procs) {
        if (!mine.has(pid) && mine.has(p.ppid)) {
          mine.add(pid);
          grew = true;
        }
      }
    }
    for (const pid of mine) {
      if (pid === process.pid) continue;
      let cmd = this.cmds.get(pid);
      if (cmd === undefined) {
        try {
          cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
        } catch {
          continue;
        }
        this.cmds.set(pid, cmd);
      }
      const group = classify(cmd);
      if (group === 'pgbench') continue; // counted from our children's time once it exits
      const ticks = procs.get(pid)!.ticks;
      if (!this.first.has(pid)) this.first.set(pid, initial ? ticks : 0);
      this.last.set(pid, { ticks, group });
    }
  }

  stop(): CpuReport {
    clearInterval(this.timer);
    this.sample(false);
    const wallS = (performance.now() - this.t0) / 1000;
    const self = process.cpuUsage(this.self0);
    const coresBusy: Record<string, number> = { 'load-gen': (self.user + self.system) / 1e6 / wallS };
    const kids = (readStat('self')!.childTicks - this.children0) / TICK / wallS;
    if (kids > 0.005) coresBusy.pgbench = kids;
    for (const [pid, { ticks, group }] of this.last) coresBusy[group] = (coresBusy[group] ?? 0) + (ticks - (this.first.get(pid) ?? 0)) / TICK / wallS;
    const ours = Object.values(coresBusy).reduce((a, b) => a + b, 0);
    const m = machineTicks();
    const busy = (m.busy - this.m0.busy) / TICK / wallS;
    const cores = (m.total - this.m0.total) / TICK / wallS;
    return { wallS, coresBusy, machineBusyPct: (100 * busy) / cores, othersCores: Math.max(0, busy - ours), load1: os.loadavg()[0] };
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Figures                                                                                      */

/** Prints rows as an aligned text table (copy-pastable into Markdown). */
function table(rows: Record<string, unknown>[]) {
  if (!rows.length) return;
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'number' && Number.isNaN(v) ? '-' : String(v));
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => `| ${vals.map((v, i) => v.padEnd(width[i])).join(' | ')} |`;
  console.log(line(cols));
  console.log(`|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(cols.map((c) => cell(r[c]))));
}

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const r1 = (n: number) => (Number.isFinite(n) ? Math.round(n * 10) / 10 : NaN);
const sortNum = (xs: number[]) => xs.filter(Number.isFinite).sort((a, b) => a - b);

function histogram(samples: Sample[]): string {
  const h = new Map<string, number>();
  for (const s of samples) {
    const k = s.failedStep ? `${s.status}@${s.failedStep}` : String(s.status || 'neterr');
    h.set(k, (h.get(k) ?? 0) + 1);
  }
  return [...h.entries()].sort().map(([k, v]) => `${k}:${v}`).join(' ');
}

function latencyRow(label: string, xs: number[]) {
  const s = sortNum(xs);
  return { [`${label} p50`]: r1(pct(s, 50)), [`${label} p95`]: r1(pct(s, 95)), [`${label} p99`]: r1(pct(s, 99)), [`${label} max`]: r1(s[s.length - 1]) };
}

function runRow(r: RunResult) {
  const ok = r.samples.filter((s) => s.status === 201);
  const flow = r.samples.some((s) => s.flowMs !== undefined);
  const errors = r.samples.filter((s) => s.status === 0 || s.status >= 500).length;
  return {
    run: r.name,
    model: r.model,
    n: r.samples.length,
    'ok/s': r1(ok.length / r.elapsedS),
    // Open model: from the scheduled start (includes any wait); closed: from the request's start.
    ...latencyRow('POST ms', r.samples.map((s) => (flow ? s.checkoutMs : r.model.startsWith('open') ? s.endToEndMs : s.checkoutMs))),
    ...(flow ? { 'flow p50': r1(pct(sortNum(r.samples.map((s) => s.endToEndMs)), 50)), 'flow p95': r1(pct(sortNum(r.samples.map((s) => s.endToEndMs)), 95)), 'flow p99': r1(pct(sortNum(r.samples.map((s) => s.endToEndMs)), 99)) } : {}),
    errors,
    statuses: histogram(r.samples),
    ...(r.model.startsWith('open') ? { 'gen lag max': r1(Math.max(...r.samples.map((x) => x.scheduledLagMs))) } : {}),
    'web RSS': mb(r.rssAfter),
  };
}

function cpuRow(r: { name: string; cpu: CpuReport }) {
  const c = r.cpu.coresBusy;
  const f = (n: number | undefined) => (n === undefined ? '-' : n.toFixed(2));
  return {
    run: r.name,
    'web': f(c.web),
    'worker': f(c.worker),
    'postgres': f(c.postgres),
    'stripe-emu': f(c['stripe-emu']),
    'load-gen': f(c['load-gen']),
    'pgbench': f(c.pgbench),
    'others (not ours)': f(r.cpu.othersCores),
    'machine busy %': Math.round(r.cpu.machineBusyPct),
    load1: r.cpu.load1.toFixed(1),
  };
}

/* ------------------------------------------------------------------------------------------ */
/* Bench data, straight into the bench database                                                 */

type Sql = postgres.Sql;

async function insertSkus(sql: Sql, prefix: string, count: number, available: number): Promise<{ sku: string; variantId: number }[]> {
  // A database from an earlier run (BENCH_URL): reuse its SKUs, topped up.
  const existing = await sql<{ sku: string; variant_id: number }[]>`select sku, id as variant_id from variants where sku like ${`${prefix}-%`} order by id`;
  if (existing.length >= count) {
    await sql`update inventory set available = reserved + ${available} where variant_id in ${sql(existing.map((r) => r.variant_id))}`;
    return existing.slice(0, count).map((r) => ({ sku: r.sku, variantId: Number(r.variant_id) }));
  }
  const [cat] = await sql<{ id: number }[]>`insert into categories (handle, title) values (${`bench-${prefix.toLowerCase()}-${Date.now()}`}, 'Bench') returning id`;
  const rows = await sql<{ sku: string; variant_id: number }[]>`
    with p as (
      insert into products (handle, title, category_id)
      select ${prefix.toLowerCase()} || '-' || g, 'Bench product ' || g, ${cat.id} from generate_series(1, ${count}::int) g
      returning id, handle
    ),
    v as (
      insert into variants (product_id, sku, title)
      select p.id, upper(p.handle), 'One size' from p
      returning id, sku
    ),
    pr as (
      insert into variant_prices (variant_id, currency, amount)
      select v.id, c.cur, c.amount from v, (values ('USD', 5000), ('EUR', 5500)) c(cur, amount)
    ),
    i as (
      insert into inventory (variant_id, available) select v.id, ${available} from v
    )
    select sku, id as variant_id from v order by id`;
  return rows.map((r) => ({ sku: r.sku, variantId: Number(r.variant_id) }));
}

/** Carts that already hold one unit of a (random) variant from `variantIds`, as if added earlier. */
async function insertCarts(sql: Sql, count: number, variantIds: number[]): Promise<string[]> {
  const ids: string[] = [];
  for (let done = 0; done < count; done += 5000) {
    const n = Math.min(5000, count - done);
    const rows = await sql<{ id: string }[]>`
      with c as (insert into carts (region) select 'us' from generate_series(1, ${n}::int) returning id),
      l as (
        insert into cart_lines (cart_id, variant_id, quantity)
        select c.id, (${variantIds}::int[])[1 + floor(random() * ${variantIds.length})::int], 1 from c
      )
      select id from c`;
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

async function stockInvariantViolations(sql: Sql): Promise<{ negativeSellable: number; reservedMismatch: number }> {
  const [r] = await sql<{ neg: number; mismatch: number }[]>`
    select (select count(*)::int from inventory where reserved > available) as neg,
           (select count(*)::int from inventory i
              where i.reserved <> coalesce((select sum(quantity) from reservations r where r.variant_id = i.variant_id and r.status = 'held'), 0)) as mismatch`;
  return { negativeSellable: r.neg, reservedMismatch: r.mismatch };
}

/** Gives the worker a few seconds to drain the runnable job backlog (it rarely can: see the outbox table). */
async function drainJobs(sql: Sql, maxS = 5): Promise<{ seconds: number; left: number }> {
  const t0 = performance.now();
  for (;;) {
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from pgboss.job where state in ('created', 'retry') and start_after <= now()`;
    const s = (performance.now() - t0) / 1000;
    if (n < 20 || s > maxS) return { seconds: Math.round(s), left: n };
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Stripe emulator: PaymentIntents per order                                                    */

async function emulatorCount(emuUrl: string): Promise<number> {
  const s = (await (await fetch(`${emuUrl}/_emulator/state`)).json()) as { counts: { payment_intents: number } };
  return s.counts.payment_intents;
}

async function paymentIntentsForOrder(emuUrl: string, orderId: string): Promise<number> {
  const q = encodeURIComponent(`metadata['order_id']:'${orderId}'`);
  const r = await fetch(`${emuUrl}/v1/payment_intents/search?query=${q}&limit=100`, { headers: { Authorization: 'Bearer sk_test_dotshop_local_emulator' } });
  const body = (await r.json()) as { data?: unknown[] };
  return body.data?.length ?? -1;
}

/* ------------------------------------------------------------------------------------------ */
/* pgbench: the same transaction as bare SQL                                                    */

function findPgbench(): string | null {
  for (const p of [...(env.PATH ?? '').split(':').map((d) => path.join(d, 'pgbench')), '/usr/lib/postgresql/15/bin/pgbench', '/usr/lib/postgresql/16/bin/pgbench', '/usr/lib/postgresql/17/bin/pgbench']) {
    if (fs.existsSync(p)) return p;
  }
  return null;
}

type PgbenchResult = { mode: string; withWebhooks: boolean; jobsDropped?: number; tps: number; n: number; failed: number; lat: number[]; perStatement: { ms: number; sql: string }[]; cpu: CpuReport; raw: string };

/** A pgbench run: `withWebhooks` mixes in the three Stripe webhook deliveries each checkout causes. */
async function runPgbench(sql: Sql, dbUrl: string, clients: number, seconds: number, mode: 'extended' | 'prepared', withWebhooks = false): Promise<PgbenchResult | null> {
  const bin = findPgbench();
  if (!bin) {
    console.log('pgbench not found (apt-get install -y postgresql-client-15); skipping the bare-SQL ceiling.');
    return null;
  }
  // Carts for pgbench: ids derived from a sequence number, one line each.
  const want = 150_000;
  await sql`create sequence if not exists bench_pgbench_cart_seq`;
  const [{ n: have }] = await sql<{ n: number }[]>`select count(*)::int as n from carts where id::text like 'b0000000-0000-4000-8000-%'`;
  if (have < want) {
    log(`pgbench: creating ${want - have} carts for the script`);
    const variants = (await sql<{ id: number }[]>`select v.id from variants v where v.sku like 'BENCH-%' order by v.id`).map((r) => Number(r.id));
    await sql`
      with c as (
        insert into carts (id, region)
        select ('b0000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'us' from generate_series(${have + 1}::int, ${want}::int) g
        returning id
      )
      insert into cart_lines (cart_id, variant_id, quantity)
      select c.id, (${variants}::int[])[1 + floor(random() * ${variants.length})::int], 1 from c`;
  }
  const [{ used }] = await sql<{ used: string }[]>`select coalesce((select last_value from bench_pgbench_cart_seq where is_called), 0)::text as used`;
  const remaining = want - Number(used);
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dotshop-pgbench-'));
  const args = ['-n', '-M', mode, '-c', String(clients), '-j', String(Math.min(clients, os.cpus().length)), '-T', String(seconds), '-r', '-l', `--log-prefix=${logDir}/log`, ...(withWebhooks ? ['-f', `${PGBENCH_SCRIPT}@1`, '-f', 'bench/pgbench/webhook.sql@1', '-f', 'bench/pgbench/webhook-ignored.sql@2'] : ['-f', PGBENCH_SCRIPT]), dbUrl];
  const meter = new CpuMeter();
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (c) => (text += c));
    child.stderr.on('data', (c) => (text += c));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`pgbench exited ${code}:\n${text}`))));
  });
  const cpu = meter.stop();
  const lat: number[] = [];
  for (const f of fs.readdirSync(logDir)) {
    for (const line of fs.readFileSync(path.join(logDir, f), 'utf8').split('\n')) {
      const parts = line.split(' ');
      // client_id transaction_no time(us) script_no epoch us; script 0 is the checkout
      if (parts.length >= 4 && parts[2] !== 'failed' && parts[2] !== 'skipped' && parts[3] === '0') lat.push(Number(parts[2]) / 1000);
    }
  }
  fs.rmSync(logDir, { recursive: true, force: true });
  const allTps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1] ?? NaN);
  const totalTx = Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1] ?? NaN);
  // Checkouts per second: the checkout script's share of all transactions.
  const tps = withWebhooks ? (allTps * lat.length) / totalTx : allTps;
  const n = withWebhooks ? lat.length : totalTx;
  const failed = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0);
  const perStatement: { ms: number; sql: string }[] = [];
  const stmts = out.split('statement latencies in milliseconds')[1] ?? '';
  for (const line of stmts.split('\n')) {
    const m = /^\s+([\d.]+)\s+\d+\s+(.*)$/.exec(line);
    if (m) perStatement.push({ ms: Number(m[1]), sql: m[2].trim().slice(0, 90) });
  }
  if (n > remaining) console.log(`warning: pgbench ran out of prepared carts (${n} > ${remaining}); raise \`want\` in bench/checkout.ts`);
  return { mode, withWebhooks, tps, n, failed, lat, perStatement, cpu, raw: out };
}

/* ------------------------------------------------------------------------------------------ */

async function main() {
  let stack: BenchStack;
  if (env.BENCH_URL) {
    // A shop that is already running (e.g. started by hand for profiling): its database and emulator.
    if (!env.BENCH_DATABASE_URL) throw new Error('BENCH_URL needs BENCH_DATABASE_URL (and BENCH_EMULATOR_URL unless it is on port+9012)');
    stack = { baseUrl: env.BENCH_URL, databaseUrl: env.BENCH_DATABASE_URL, stop: async () => {} };
    if (env.BENCH_PG_DATA_DIR) findPostmaster(env.BENCH_PG_DATA_DIR);
  } else {
    if (!fs.existsSync('build/server/index.js') || !fs.readFileSync('build/server/index.js', 'utf8').includes('api.v1.carts.$id.checkout')) {
      throw new Error('build/ has no REST API routes: run `npm run build` first.');
    }
    // The web process runs build/ (route modules bundle server/), so a stale build measures old code.
    const built = fs.statSync('build/server/index.js').mtimeMs;
    const newer = ['app', 'server', 'db', 'jobs'].flatMap((d) => fs.readdirSync(d, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && /\.tsx?$/.test(f.name) && !f.name.includes('.test.') && fs.statSync(path.join(f.parentPath, f.name)).mtimeMs > built).map((f) => path.join(f.parentPath, f.name)));
    if (newer.length) console.log(`warning: build/ is older than ${newer.length} source file(s) (e.g. ${newer.slice(0, 3).join(', ')}); the bench measures build/ — run \`npm run build\` first.`);
    log(`Starting the shop on :${PORT} (production build, fresh seeded database, Stripe emulator on :${PORT + 9012}) …`);
    // bench/stack.ts gives the stack its own embedded cluster (.data/postgres-bench-<port>) unless DATABASE_URL is set.
    stack = await startBenchStack({ port: PORT });
    findPostmaster(`.data/postgres-bench-${PORT}`);
  }
  const emuUrl = env.BENCH_EMULATOR_URL ?? `http://127.0.0.1:${Number(new URL(stack.baseUrl).port) + 9012}`;
  const sql = postgres(stack.databaseUrl, { max: 4, onnotice: () => {} });
  const client = makeClient(stack.baseUrl, 512);
  const runs: RunResult[] = [];
  const checks: Record<string, unknown>[] = [];
  const pgbs: PgbenchResult[] = [];
  let rssSamples: { checkouts: number; rss: number; heap: number }[] = [];
  let flash: { row: Record<string, unknown>; cpu: CpuReport } | null = null;
  const heapBytes = async () => {
    const text = await (await fetch(`${stack.baseUrl}/metrics`)).text();
    return Number(/^nodejs_heap_size_used_bytes (\S+)/m.exec(text)?.[1] ?? NaN);
  };
  try {
    const skus = await insertSkus(sql, 'BENCH', BENCH_SKUS, 1_000_000);
    const variantIds = skus.map((s) => s.variantId);
    const randomSku = () => skus[Math.floor(Math.random() * skus.length)].sku;
    if (env.BENCH_STRIPE_WEBHOOKS === 'off') {
      // Diagnostic only: production receives these, so the default keeps them on.
      await fetch(`${emuUrl}/_emulator/webhooks/pause`, { method: 'POST' });
      log('Stripe webhook deliveries paused (BENCH_STRIPE_WEBHOOKS=off)');
    }
    const probe = await checkoutFlow(client, randomSku());
    if (probe.status !== 201) throw new Error(`a probe checkout answered ${probe.status} (${probe.failedStep ?? 'checkout'}): ${probe.error ?? ''}`);
    const rssStart = await webRssBytes(stack.baseUrl);
    const [{ now: benchStartedAt }] = await sql<{ now: Date }[]>`select now()`;

    const measure = async (name: string, model: string, run: () => Promise<{ samples: Sample[]; elapsedS: number }>) => {
      const drained = await drainJobs(sql);
      const ordersBefore = await sql<{ n: number }[]>`select count(*)::int as n from orders`;
      const pisBefore = await emulatorCount(emuUrl);
      const meter = new CpuMeter();
      const { samples, elapsedS } = await run();
      const cpu = meter.stop();
      const r: RunResult = { name, model, samples, elapsedS, cpu, rssAfter: await webRssBytes(stack.baseUrl), heapAfter: await heapBytes() };
      runs.push(r);
      const ordersAfter = await sql<{ status: string; n: number }[]>`select status::text, count(*)::int as n from orders group by 1`;
      const newOrders = ordersAfter.reduce((a, o) => a + o.n, 0) - ordersBefore[0].n;
      const authorized201 = samples.filter((s) => s.status === 201).length;
      const pis = (await emulatorCount(emuUrl)) - pisBefore;
      const inv = await stockInvariantViolations(sql);
      checks.push({ run: name, '201s': authorized201, 'orders created': newOrders, 'PaymentIntents created': pis, 'PI − orders': pis - newOrders, 'oversold variants': inv.negativeSellable, 'reserved≠held': inv.reservedMismatch, 'runnable jobs at start': drained.left });
      log(`${name}: ${samples.length} in ${elapsedS.toFixed(1)} s, ${histogram(samples)}`);
      return r;
    };

    // Warm-up (JIT, pools, emulator): 5 s of full flows at 20/s; not reported.
    log('warm-up: 5 s of full flows at 20/s');
    await openModel(20, 5, () => checkoutFlow(client, randomSku()));

    if (ONLY.has('open')) {
      const carts = await insertCarts(sql, Math.round(RATES.reduce((a, b) => a + b, 0) * SECONDS * 1.05), variantIds);
      let c = 0;
      for (const rate of RATES) {
        await measure(`open ${rate}/s, POST only`, `open ${rate}/s`, () => openModel(rate, SECONDS, () => checkoutPost(client, carts[c++])));
        await measure(`open ${rate}/s, 3-req flow`, `open ${rate}/s`, () => openModel(rate, SECONDS, () => checkoutFlow(client, randomSku())));
      }
    }
    if (ONLY.has('peak')) {
      const carts = await insertCarts(sql, 600 * SECONDS, variantIds);
      let c = 0;
      // The unloaded service time, for reference: one shopper, checkouts back to back.
      await measure('1 shopper, POST only', 'closed 1', () => closedModel(1, { seconds: Math.max(5, SECONDS / 2) }, () => checkoutPost(client, carts[c++])));
      await measure(`peak ${CLIENTS} shoppers, POST only`, `closed ${CLIENTS}`, () => closedModel(CLIENTS, { seconds: SECONDS }, () => (c < carts.length ? checkoutPost(client, carts[c++]) : Promise.resolve({ status: -1, checkoutMs: NaN, wireMs: NaN, error: 'out of carts' }))));
      await measure(`peak ${CLIENTS} shoppers, 3-req flow`, `closed ${CLIENTS}`, () => closedModel(CLIENTS, { seconds: SECONDS }, () => checkoutFlow(client, randomSku())));
    }
    if (ONLY.has('pgbench')) {
      for (const [mode, withWebhooks] of [['prepared', false], ['extended', false], ['prepared', true]] as const) {
        const drained = await drainJobs(sql);
        const what = `pgbench -M ${mode}${withWebhooks ? ' + webhooks' : ''}`;
        log(`${what}: ${CLIENTS} clients, ${SECONDS} s (${drained.left} runnable jobs waiting) …`);
        const [{ now: from }] = await sql<{ now: Date }[]>`select now()`;
        const r = await runPgbench(sql, stack.databaseUrl, CLIENTS, SECONDS, mode, withWebhooks);
        if (!r) break;
        // pgbench's job rows would otherwise keep the worker busy during the later runs.
        const [{ n: dropped }] = await sql<{ n: number }[]>`with d as (delete from pgboss.job where created_on >= ${from} and state = 'created' returning 1) select count(*)::int as n from d`;
        r.jobsDropped = dropped;
        pgbs.push(r);
        checks.push({ run: what, 'orders created': r.n, 'oversold variants': (await stockInvariantViolations(sql)).negativeSellable, 'pgbench jobs deleted after': dropped });
      }
    }
    if (ONLY.has('rss')) {
      const every = Math.max(1, Math.round(RSS_CHECKOUTS / 10));
      rssSamples = [{ checkouts: 0, rss: await webRssBytes(stack.baseUrl), heap: await heapBytes() }];
      let sampling: Promise<void> = Promise.resolve();
      log(`memory: ${RSS_CHECKOUTS} full-flow checkouts at ${CLIENTS} shoppers, web RSS every ${every} …`);
      await measure(`memory: ${RSS_CHECKOUTS} checkouts`, `closed ${CLIENTS}`, () =>
        closedModel(CLIENTS, { count: RSS_CHECKOUTS }, () => checkoutFlow(client, randomSku()), (done) => {
          if (done % every === 0) {
            sampling = sampling.then(async () => {
              rssSamples.push({ checkouts: done, rss: await webRssBytes(stack.baseUrl), heap: await heapBytes() });
            });
          }
        }),
      );
      await sampling;
      await new Promise((r) => setTimeout(r, 5000));
      rssSamples.push({ checkouts: -1, rss: await webRssBytes(stack.baseUrl), heap: await heapBytes() });
    }
    if (ONLY.has('flash')) flash = await flashSale(sql, stack.baseUrl, emuUrl);

    /* ---------------------------------------------------------------------------------------- */
    const load = os.loadavg();
    console.log(`\n=== DotShop checkout benchmark — ${new Date().toISOString()} ===`);
    console.log(`Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load avg now ${load.map((l) => l.toFixed(1)).join(' ')}. Load generator, web, worker, Stripe emulator and Postgres all share these cores.`);
    console.log(`Web RSS at start (after seed + probe): ${mb(rssStart)}. Latencies in ms. "POST" = the checkout POST; "flow" = create cart + add line + checkout.`);
    console.log('Open model: arrivals on a fixed schedule; latency measured from the scheduled start. Closed model: N shoppers back to back.');
    if (runs.length) {
      console.log('\nLatency and throughput');
      table(runs.map(runRow));
    }
    const cpuRows = [...runs.map(cpuRow), ...pgbs.map((p) => cpuRow({ name: pgbLabel(p), cpu: p.cpu })), ...(flash ? [cpuRow({ name: 'flash sale', cpu: flash.cpu })] : [])];
    if (cpuRows.length) {
      console.log('CPU (cores busy on average during each run; "others" = processes on this machine that are not part of the bench)');
      table(cpuRows);
    }
    if (checks.length) {
      console.log('Correctness per run');
      table(checks);
    }
    if (pgbs.length) {
      const peak = runs.find((r) => r.name.startsWith('peak') && r.name.includes('POST only'));
      const peakRate = peak ? peak.samples.filter((x) => x.status === 201).length / peak.elapsedS : NaN;
      console.log(`\nBare-SQL ceiling: bench/pgbench/checkout.sql (the checkout POST's statements; no HTTP, no Stripe), ${CLIENTS} clients, ${SECONDS} s each.`);
      console.log("-M prepared = the app's protocol since ADR 014 (named prepared statements); -M extended = unnamed, parsed and planned every time (the app before ADR 014); + webhooks mixes in one handled and two ignored webhook deliveries per checkout (bench/pgbench/webhook*.sql).");
      table([
        ...pgbs.map((p) => {
          const l = sortNum(p.lat);
          return { what: pgbLabel(p), 'checkouts/s': r1(p.tps), n: p.n, failed: p.failed, p50: r1(pct(l, 50)), p95: r1(pct(l, 95)), p99: r1(pct(l, 99)) };
        }),
        ...(peak ? [{ what: `app peak, ${CLIENTS} shoppers, checkout POST only`, 'checkouts/s': r1(peakRate), n: peak.samples.length, failed: peak.samples.filter((x) => x.status !== 201).length, p50: r1(pct(sortNum(peak.samples.map((x) => x.checkoutMs)), 50)), p95: r1(pct(sortNum(peak.samples.map((x) => x.checkoutMs)), 95)), p99: r1(pct(sortNum(peak.samples.map((x) => x.checkoutMs)), 99)) }] : []),
      ]);
      for (const p of pgbs) if (peak) console.log(`App peak / ${pgbLabel(p)} = ${r1((100 * peakRate) / p.tps)} %${p.mode === 'prepared' && !p.withWebhooks ? '   <- like for like (aim ≥ 40 %)' : ''}`);
      const ext = pgbs.find((p) => p.mode === 'prepared' && !p.withWebhooks);
      if (ext) {
        console.log('Slowest statements in the pgbench script, -M prepared (average ms at this concurrency):');
        table(ext.perStatement.sort((a, b) => b.ms - a.ms).slice(0, 6));
      }
    }
    if (rssSamples.length) {
      console.log(`\nWeb process memory over ${RSS_CHECKOUTS} full-flow checkouts (RSS from its /metrics; heap = V8 heap used)`);
      table(rssSamples.map((s) => ({ checkouts: s.checkouts < 0 ? 'after +5 s idle' : s.checkouts, RSS: mb(s.rss), 'heap used': mb(s.heap) })));
      const pts = rssSamples.filter((s) => s.checkouts > 0);
      const half = pts.slice(Math.floor(pts.length / 2));
      console.log(`RSS slope over the second half: ${r1(slope(half.map((p) => [p.checkouts, p.rss / 1048576])) * 1000)} MB per 1,000 checkouts; heap: ${r1(slope(half.map((p) => [p.checkouts, p.heap / 1048576])) * 1000)} MB per 1,000`);
    }
    if (flash) {
      console.log(`\nFlash sale: ${FLASH_ATTEMPTS} checkouts of ONE SKU with ${FLASH_STOCK} units, each its own cart, ${FLASH_SOCKETS} sockets`);
      table([flash.row]);
    }
    // The outbox: what the worker drained while we pushed checkouts through.
    const outbox = await sql<{ queue: string; created: number; completed: number; runnable: number; delayed: number }[]>`
      select name as queue,
             count(*) filter (where created_on >= ${benchStartedAt})::int as created,
             count(*) filter (where state = 'completed' and completed_on >= ${benchStartedAt})::int as completed,
             count(*) filter (where state in ('created', 'retry') and start_after <= now())::int as runnable,
             count(*) filter (where state in ('created', 'retry') and start_after > now())::int as delayed
      from pgboss.job where created_on >= ${benchStartedAt} or completed_on >= ${benchStartedAt} group by name order by name`;
    const benchS = (performance.now() - started) / 1000;
    console.log(`\nOutbox (pg-boss) over the whole bench (${Math.round(benchS)} s; pgbench's own jobs were deleted after each pgbench run): jobs created, completed by the worker, still runnable now, delayed (startAfter in the future)`);
    table(outbox.map((q) => ({ ...q, 'completed/s': r1(q.completed / benchS) })));
    console.log('\nAims: p95 ≤ 50 ms at 100 checkouts/s; peak ≥ 40 % of the bare-SQL ceiling; 0 oversold, always; no RSS growth trend.');
  } finally {
    client.close();
    await sql.end({ timeout: 5 });
    await stack.stop();
  }
}

function pgbLabel(p: PgbenchResult): string {
  if (p.withWebhooks) return `pgbench -M ${p.mode}, checkout + its 3 webhook inserts (1 job)`;
  return p.mode === 'prepared' ? "pgbench -M prepared (the app's protocol)" : 'pgbench -M extended (unnamed statements)';
}

function slope(pts: [number, number][]): number {
  if (pts.length < 2) return NaN;
  const n = pts.length;
  const mx = pts.reduce((a, p) => a + p[0], 0) / n;
  const my = pts.reduce((a, p) => a + p[1], 0) / n;
  const num = pts.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0);
  const den = pts.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
  return num / den;
}

/* ------------------------------------------------------------------------------------------ */
/* Flash sale: N shoppers, one SKU, K units. Each cart already holds the SKU (inserted straight  */
/* into cart_lines, so the add-to-cart stock check cannot pre-filter); all checkouts fire at once */
/* through a bounded socket pool.                                                               */

async function flashSale(sql: Sql, baseUrl: string, emuUrl: string): Promise<{ row: Record<string, unknown>; cpu: CpuReport }> {
  await drainJobs(sql);
  const [{ sku, variantId }] = await insertSkus(sql, `FLASH${Date.now()}`, 1, FLASH_STOCK);
  const carts = await insertCarts(sql, FLASH_ATTEMPTS, [variantId]);
  const client = makeClient(baseUrl, FLASH_SOCKETS);
  const pisBefore = await emulatorCount(emuUrl);
  // Order numbers taken from the sequence: a loser that wrote (and rolled back) an order burns one.
  const lastNumber = async () => BigInt((await sql<{ n: string }[]>`select last_value::text as n from order_number_seq`)[0].n);
  const numbersBefore = await lastNumber();
  const meter = new CpuMeter();
  const t0 = performance.now();
  const results = await Promise.all(carts.map((id) => checkoutPost(client, id)));
  const elapsedS = (performance.now() - t0) / 1000;
  const cpu = meter.stop();
  client.close();
  const statuses = new Map<number, number>();
  for (const r of results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  const orders = await sql<{ id: string; status: string; qty: number; pi: string | null }[]>`
    select o.id, o.status::text, ol.quantity as qty, o.payment_intent_id as pi
    from order_lines ol join orders o on o.id = ol.order_id where ol.variant_id = ${variantId}`;
  const live = orders.filter((o) => o.status !== 'payment_failed' && o.status !== 'cancelled');
  const sold = live.reduce((a, o) => a + o.qty, 0);
  const [inv] = await sql<{ available: number; reserved: number; held: number }[]>`
    select i.available, i.reserved, coalesce((select sum(quantity)::int from reservations r where r.variant_id = i.variant_id and r.status = 'held'), 0) as held
    from inventory i where i.variant_id = ${variantId}`;
  const piCounts = await Promise.all(orders.map((o) => paymentIntentsForOrder(emuUrl, o.id)));
  const pisCreated = (await emulatorCount(emuUrl)) - pisBefore;
  const all = sortNum(results.map((r) => r.checkoutMs));
  const wire = sortNum(results.map((r) => r.wireMs));
  const ok = sortNum(results.filter((r) => r.status === 201).map((r) => r.wireMs));
  log(`flash sale: ${results.length} attempts in ${elapsedS.toFixed(1)} s; CPU cores: ${Object.entries(cpu.coresBusy).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}; others ${cpu.othersCores.toFixed(2)}`);
  const row = {
    sku,
    attempts: results.length,
    'wall s': r1(elapsedS),
    statuses: [...statuses.entries()].sort().map(([k, v]) => `${k || 'neterr'}:${v}`).join(' '),
    'orders created': orders.length,
    'orders live': live.length,
    'order numbers taken': Number((await lastNumber()) - numbersBefore),
    'units sold': sold,
    oversold: Math.max(0, sold - FLASH_STOCK),
    'inv available/reserved/held': `${inv.available}/${inv.reserved}/${inv.held}`,
    'reserved > available': inv.reserved > inv.available ? 'YES' : 'no',
    'PIs created': pisCreated,
    'orders with ≠1 PI': piCounts.filter((n) => n !== 1).length,
    'p50 ms (on wire)': r1(pct(wire, 50)),
    'p99 ms (on wire)': r1(pct(wire, 99)),
    'p99 ms (from fire)': r1(pct(all, 99)),
    'p99 ms 201s (on wire)': r1(pct(ok, 99)),
  };
  return { row, cpu };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
