// Issue 14: the production artifact is compiled JavaScript that starts with production dependencies
// only. Copies what the image copies (package.json, the lock file, build/), installs with
// `npm ci --omit=dev` as the image does, and starts the container's two commands —
// `node build/node/web.js` and `node build/node/worker.js` — against a database of their own.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { expect, test } from '@playwright/test';
import { E2E_PORT, e2eDatabaseUrl } from '../env';

const root = path.resolve(import.meta.dirname, '../..');
const DB = 'dotshop_e2e_artifact';
const PORT = E2E_PORT + 50;

function urlFor(database: string): string {
  const u = new URL(e2eDatabaseUrl());
  u.pathname = `/${database}`;
  return u.toString();
}

async function onServer(run: (sql: postgres.Sql) => Promise<unknown>) {
  const sql = postgres(urlFor('postgres'), { max: 1, onnotice: () => {} });
  try {
    await run(sql);
  } finally {
    await sql.end();
  }
}

function start(copy: string, entry: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  // The copy's own Node 24 (the `node` package, a production dependency), not the test's.
  const child = spawn(path.join(copy, 'node_modules/.bin/node'), [entry], { cwd: copy, env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env } as unknown as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  return { child, output: () => out };
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  return exited;
}

test('the compiled web and worker start from a copy installed with npm ci --omit=dev', async ({ request }) => {
  test.setTimeout(240_000);
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'dotshop-artifact-'));
  for (const f of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(root, f), path.join(copy, f));
  fs.cpSync(path.join(root, 'build'), path.join(copy, 'build'), { recursive: true });
  expect(fs.existsSync(path.join(copy, 'build/node/web.js')), 'npm run build writes build/node/web.js').toBe(true);

  const install = spawnSync('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: copy, encoding: 'utf8', timeout: 180_000 });
  expect(install.status, install.stderr).toBe(0);
  // What only development needs is not there: the bundler, the test runners, Remix's compiler.
  for (const dev of ['esbuild/package.json', 'vitest', '@remix-run/dev', '@playwright/test', 'drizzle-kit']) {
    expect(fs.existsSync(path.join(copy, 'node_modules', dev)), `${dev} is a dev dependency`).toBe(false);
  }

  await onServer((sql) => sql.unsafe(`drop database if exists ${DB} with (force)`).then(() => sql.unsafe(`create database ${DB}`)));
  const env = { DATABASE_URL: urlFor(DB), PORT: String(PORT), NODE_ENV: 'production', LOG_LEVEL: 'info', STRIPE_API_BASE: 'http://127.0.0.1:9', SHOPIFY_API_BASE: 'http://127.0.0.1:9' };
  const web = start(copy, 'build/node/web.js', env);
  const worker = start(copy, 'build/node/worker.js', env);
  try {
    await expect.poll(async () => (await request.get(`http://127.0.0.1:${PORT}/readyz`).catch(() => null))?.status() ?? 0, { timeout: 60_000, message: web.output() }).toBe(200);
    const home = await request.get(`http://127.0.0.1:${PORT}/`);
    expect(home.status()).toBe(200);
    expect(await home.text()).toContain('DotShop');
    await expect.poll(() => worker.output(), { timeout: 60_000 }).toContain('DotShop worker started');
  } finally {
    const [webCode, workerCode] = await Promise.all([stop(web.child), stop(worker.child)]);
    await onServer((sql) => sql.unsafe(`drop database if exists ${DB} with (force)`));
    fs.rmSync(copy, { recursive: true, force: true });
    expect(webCode, web.output()).toBe(0);
    expect(workerCode, worker.output()).toBe(0);
  }
});
