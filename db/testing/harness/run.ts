// Runs a test runner of the suite as a child process, the way `npm test` does, with a clean
// environment (no outer Vitest variables, no DATABASE_URL unless given) and returns its exit code.
import { spawn } from 'node:child_process';
import path from 'node:path';
import postgres from 'postgres';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');

export type RunResult = { code: number | null; signal: NodeJS.Signals | null; output: string };

export function runNode(args: string[], env: Record<string, string | undefined>, timeoutMs = 120_000): Promise<RunResult> {
  const clean = {} as NodeJS.ProcessEnv;
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(VITEST|TEST_PG_|DATABASE_URL$|TEST_EMBEDDED_PG_)/.test(k)) continue;
    clean[k] = v;
  }
  for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
  delete clean.FORCE_COLOR;
  clean.NO_COLOR = '1';
  return new Promise((resolve, reject) => {
    // process.execPath is the Node 24 the suite runs on (a bare `node` may be the system's older one).
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

/** True when something accepts Postgres connections at url. */
export async function postgresAnswers(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

export function embeddedUrl(port: number): string {
  return `postgres://postgres:dotshop-local@127.0.0.1:${port}/postgres`;
}

/** The last lines of a run, for an assertion message that shows what the runner said. */
export function tail(r: RunResult, lines = 25): string {
  return `exit ${r.code} (signal ${r.signal})\n${r.output.split('\n').slice(-lines).join('\n')}`;
}
