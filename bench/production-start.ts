// `npm run bench:production-start`: the web process as the container runs it (`node
// build/node/web.js`, compiled) against the way it ran before (`tsx server/bin/web.ts`): cold start
// (spawn → /readyz answers) and resident memory (the whole process tree, from /proc) after a
// warm-up of storefront pages. Alternates the two modes, 3 rounds each, in one sitting.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { mb, startBenchStack } from './stack';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = Number(process.env.BENCH_WARMUP_REQUESTS ?? 300);
const MODES = {
  compiled: ['build/node/web.js'],
  tsx: ['--import', 'tsx', 'server/bin/web.ts'],
} as const;

function treeRss(pid: number): number {
  const kids = new Map<number, number[]>();
  for (const d of fs.readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const ppid = Number(fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)]);
    } catch {}
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {}
    stack.push(...(kids.get(p) ?? []));
  }
  return total;
}

async function measure(mode: keyof typeof MODES, databaseUrl: string, port: number) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'production', STRIPE_API_BASE: 'http://127.0.0.1:9', SHOPIFY_API_BASE: 'http://127.0.0.1:9' };
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...MODES[mode]], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${mode} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 10));
  }
  const ready = performance.now() - started;
  const rssReady = treeRss(child.pid!);
  const first = performance.now();
  await (await fetch(`${base}/products/paperclip-chain`)).text();
  const firstPage = performance.now() - first;
  for (let i = 0; i < WARMUP; i++) await (await fetch(`${base}${i % 2 ? '/collections/fashion' : '/'}`)).text();
  const rssWarm = treeRss(child.pid!);
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return { mode, 'ready ms': Math.round(ready), 'first page ms': Math.round(firstPage), 'RSS at ready': mb(rssReady), [`RSS after ${WARMUP} pages`]: mb(rssWarm), rssWarm, ready };
}

async function main() {
  if (!fs.existsSync('build/node/web.js')) throw new Error('Run `npm run build` first (build/node/web.js is missing).');
  console.log(`Web process start: compiled vs tsx · Node ${process.version} · ${os.cpus().length} CPUs · ${os.cpus()[0]?.model ?? ''}`);
  const stack = await startBenchStack({ port: 3260 });
  try {
    const rows = [];
    for (let r = 0; r < ROUNDS; r++) for (const mode of Object.keys(MODES) as (keyof typeof MODES)[]) rows.push(await measure(mode, stack.databaseUrl, 3270));
    console.table(rows.map(({ rssWarm: _r, ready: _t, ...row }) => row));
    for (const mode of Object.keys(MODES)) {
      const mine = rows.filter((x) => x.mode === mode);
      const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      console.log(`${mode}: median ready ${Math.round(med(mine.map((x) => x.ready)))} ms, median RSS after warm-up ${mb(med(mine.map((x) => x.rssWarm)))}`);
    }
  } finally {
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
