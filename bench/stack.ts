// Starts the real shop (the same local stack `npm start` runs, production mode) on a bench port
// with a freshly seeded database, for benchmarks. Not a test: nothing here asserts a time.
import { spawn, type ChildProcess } from 'node:child_process';

export type BenchStack = { baseUrl: string; databaseUrl: string; stop: () => Promise<void> };

export async function startBenchStack(opts: { port?: number; env?: Record<string, string> } = {}): Promise<BenchStack> {
  const port = opts.port ?? 3200;
  const env = {
    ...process.env,
    E2E_PORT: String(port),
    E2E_DB_NAME: `dotshop_bench_${port}`,
    // Its own embedded cluster, so a bench never shares (or loses) one with a test run.
    E2E_EMBEDDED_PG_DIR: `.data/postgres-bench-${port}`,
    E2E_EMBEDDED_PG_PORT: String(54400 + (port % 100)),
    E2E_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    NODE_ENV: 'production' as const,
    ...opts.env,
  };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'e2e/server.ts'], { env, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bench stack exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${baseUrl}/readyz`);
      if (r.ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error('bench stack did not become ready in 120 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  const databaseUrl = new URL(process.env.DATABASE_URL ?? `postgres://postgres:dotshop-local@127.0.0.1:${env.E2E_EMBEDDED_PG_PORT}/postgres`);
  databaseUrl.pathname = `/${env.E2E_DB_NAME}`;
  return {
    baseUrl,
    databaseUrl: databaseUrl.toString(),
    // The stack stops its own children in order (web and worker first, Postgres last); signalling
    // the whole process group at once would stop Postgres under connections still closing.
    stop: async () => {
      const exited = new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      try {
        process.kill(child.pid!, 'SIGTERM');
      } catch {}
      const late = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {}
      }, 30_000);
      await exited;
      clearTimeout(late);
    },
  };
}

/** The web process's resident memory, from its own prom-client metrics. */
export async function webRssBytes(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const m = text.match(/^process_resident_memory_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)/m);
  return m ? Number(m[1]) : NaN;
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
