// Issue 11 §2.7: `npm start`'s local stack under its supervisor. A child killed with `kill -9` is
// restarted (and logged) instead of hanging the stack; the Stripe emulator comes back with its
// account (a PaymentIntent authorized before the crash is still there to capture); and Ctrl-C
// (SIGINT) stops every child and the embedded cluster, in order, and the stack exits 0.
// Needs the Remix build (npm test builds before the unit tests).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import Stripe from 'stripe';
import { describe, expect, test } from 'vitest';
import { embeddedUrl, postgresAnswers, repoRoot } from './run';

const PORT = 3192;
const STRIPE_PORT = 12192;
const PG_PORT = 54399;
const STATE = '.data/stripe-harness-stack.json';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the local stack (npm start) under its supervisor', () => {
  test('restarts a child killed with -9, keeps the Stripe account, and stops everything on the first Ctrl-C', async () => {
    fs.rmSync(`${repoRoot}/${STATE}`, { force: true });
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PORT: String(PORT), STRIPE_EMULATOR_PORT: String(STRIPE_PORT), SHOPIFY_EMULATOR_PORT: String(STRIPE_PORT + 1), EMBEDDED_PG_PORT: String(PG_PORT), EMBEDDED_PG_DIR: '.data/postgres-harness-stack', LOCAL_DB_NAME: 'dotshop_harness_stack', LOCAL_DB_RESET: '1', STRIPE_EMULATOR_STATE_FILE: STATE, LOG_LEVEL: 'warn', EMULATOR_LOG: 'errors' };
    for (const k of Object.keys(env)) if (/^(VITEST|TEST_|DATABASE_URL$)/.test(k)) delete env[k];
    const stack = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'server/bin/local-stack.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    stack.stdout.on('data', (c) => (out += c));
    stack.stderr.on('data', (c) => (out += c));
    const exited = new Promise<number | null>((r) => stack.on('exit', (code) => r(code)));
    const waitFor = async (what: () => boolean | Promise<boolean>, label: string, ms = 90_000) => {
      const end = Date.now() + ms;
      while (!(await what())) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${label}\n${out.split('\n').slice(-30).join('\n')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const pidOf = (name: string, nth = 1) => Number([...out.matchAll(new RegExp(`${name} (?:started|restarted) \\(pid (\\d+)\\)`, 'g'))][nth - 1]?.[1]);
    const ready = async () => (await fetch(`http://127.0.0.1:${PORT}/readyz`).catch(() => null))?.ok === true;
    try {
      await waitFor(() => out.includes('DotShop is starting') && !Number.isNaN(pidOf('worker')), 'the stack');
      await waitFor(ready, 'the web tier');

      // An authorization at the emulator, then the emulator is killed and restarted by the supervisor.
      const stripe = new Stripe('sk_test_harness', { host: '127.0.0.1', port: STRIPE_PORT, protocol: 'http', maxNetworkRetries: 0 });
      const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true, return_url: 'http://x.test/r' });
      await new Promise((r) => setTimeout(r, 200)); // the state file is written ~50 ms after a change
      const emulatorPid = pidOf('stripe-emulator');
      process.kill(emulatorPid, 'SIGKILL');
      await waitFor(() => !Number.isNaN(pidOf('stripe-emulator', 2)), 'the emulator restart');
      expect(out).toMatch(/stripe-emulator exited \(SIGKILL\); restarting in \d+ ms \(restart 1\)/);
      await waitFor(async () => (await fetch(`http://127.0.0.1:${STRIPE_PORT}/_emulator/health`).catch(() => null))?.ok === true, 'the emulator');
      expect((await stripe.paymentIntents.capture(pi.id)).status).toBe('succeeded');

      // The web and the worker are killed: both come back; the shop answers again.
      const webPid = pidOf('web');
      const workerPid = pidOf('worker');
      process.kill(webPid, 'SIGKILL');
      process.kill(workerPid, 'SIGKILL');
      await waitFor(() => !Number.isNaN(pidOf('web', 2)) && !Number.isNaN(pidOf('worker', 2)), 'web and worker restarts');
      await waitFor(ready, 'the restarted web tier');
      expect(alive(webPid)).toBe(false);
      expect(await postgresAnswers(embeddedUrl(PG_PORT))).toBe(true);

      // One Ctrl-C stops everything and the stack exits 0.
      const children = [pidOf('web', 2), pidOf('worker', 2), pidOf('stripe-emulator', 2), pidOf('shopify-emulator')];
      stack.kill('SIGINT');
      const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 45_000))]);
      expect(code, out.split('\n').slice(-20).join('\n')).toBe(0);
      for (const pid of children) expect(alive(pid)).toBe(false);
      expect(await postgresAnswers(embeddedUrl(PG_PORT))).toBe(false);
    } finally {
      if (stack.exitCode === null) stack.kill('SIGKILL');
    }
  }, 180_000);
});
