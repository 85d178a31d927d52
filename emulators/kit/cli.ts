// The command-line start-up both emulators share (`tsx emulators/<name>/main.ts`): settings read
// from the environment (a bad value exits with status 2 and says which), one `started` JSON line,
// a graceful stop on SIGINT/SIGTERM, and exit status 1 with a hint when the port is taken.
import { emulatorLog } from './log';

/** A number from the environment; unset or empty means `fallback`. */
export function numberFromEnv(name: string, fallback: number, { integer = true, positive = false } = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n)) || (positive && n === 0)) {
    console.error(`${name} must be a ${positive ? 'positive' : 'non-negative'} ${integer ? 'integer' : 'number'} (got ${JSON.stringify(raw)})`);
    process.exit(2);
  }
  return n;
}

/**
 * A comma-separated list; unset means undefined. An empty value is undefined too, unless
 * `emptyIsEmpty` (the Stripe emulator reads STRIPE_WEBHOOK_RETRY_SCHEDULE= as "no retries").
 */
export function listFromEnv(name: string, { emptyIsEmpty = false } = {}): string[] | undefined {
  const raw = process.env[name];
  if (raw === undefined || (!raw && !emptyIsEmpty)) return undefined;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Each option from its variable; unset or empty variables are left out (the emulator's default). */
export function stringsFromEnv<K extends string>(variables: Record<K, string>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [option, name] of Object.entries(variables) as [K, string][]) {
    const value = process.env[name];
    if (value) out[option] = value;
  }
  return out;
}

/** Webhook retry delays in ms (`500,1000,2000`). */
export function scheduleFromEnv(name: string, opts: { emptyIsEmpty?: boolean } = {}): number[] | undefined {
  const schedule = listFromEnv(name, opts)?.map(Number);
  if (schedule && schedule.some((n) => !Number.isFinite(n) || n < 0)) {
    console.error(`${name} must be comma-separated non-negative numbers of milliseconds`);
    process.exit(2);
  }
  return schedule;
}

export interface CliEmulator {
  url: string;
  close(): Promise<void>;
}

/** What every emulator takes from `<PREFIX>_EMULATOR_PORT`, `<PREFIX>_EMULATOR_HOST` and EMULATOR_LOG. */
export interface CommonOptions {
  port: number;
  host: string;
  log: (line: string) => void;
}

/**
 * Starts the emulator and prints `{ kind: 'started', url, …describe(emu) }`; on SIGINT/SIGTERM
 * prints `{ kind: 'stopping', signal }`, closes it and exits 0.
 */
export async function runEmulatorCli<E extends CliEmulator>(o: { prefix: string; defaultPort: number; start(common: CommonOptions): Promise<E>; describe(emu: E): Record<string, unknown> }): Promise<void> {
  const portVariable = `${o.prefix}_EMULATOR_PORT`;
  try {
    const emu = await o.start({
      port: numberFromEnv(portVariable, o.defaultPort),
      host: process.env[`${o.prefix}_EMULATOR_HOST`] || '127.0.0.1',
      log: emulatorLog(process.env.EMULATOR_LOG),
    });
    console.log(JSON.stringify({ kind: 'started', url: emu.url, ...o.describe(emu) }));
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(JSON.stringify({ kind: 'stopping', signal }));
      void emu.close().then(() => process.exit(0));
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    console.error(err.code === 'EADDRINUSE' ? `Port already in use: set ${portVariable} to a free port (${err.message})` : err);
    process.exit(1);
  }
}
