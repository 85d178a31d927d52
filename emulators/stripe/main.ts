// CLI: `npx tsx emulators/stripe/main.ts`
// Starts the Stripe emulator on STRIPE_EMULATOR_PORT (default 12111) and logs one JSON line per
// request and per webhook attempt to stdout.
//   STRIPE_EMULATOR_HOST            interface to bind (default 127.0.0.1)
//   STRIPE_EMULATOR_PUBLIC_URL      base URL browsers use for the 3DS page (default http://host:port)
//   STRIPE_WEBHOOK_URL              webhook endpoint to deliver events to (optional)
//   STRIPE_WEBHOOK_SECRET           its signing secret, whsec_… (generated if unset)
//   STRIPE_WEBHOOK_RETRY_SCHEDULE   comma-separated retry delays in ms (default 500,1000,2000,4000,8000)
//   STRIPE_SEARCH_LAG_MS            search only sees objects older than this (default 0)
//   STRIPE_REFUND_SETTLE_DELAY_MS   refunds stay pending this long (default 0: succeeded at once; 'manual': until settled)
//   STRIPE_DISPUTE_FEE              dispute fee in the smallest currency unit (default 1500)
import { startStripeEmulator } from './server';
import { emulatorLog } from '../log';

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`${name} must be a non-negative integer (got ${JSON.stringify(raw)})`);
    process.exit(2);
  }
  return n;
}

const schedule = process.env.STRIPE_WEBHOOK_RETRY_SCHEDULE?.split(',')
  .map((s) => s.trim())
  .filter(Boolean)
  .map(Number);
if (schedule && schedule.some((n) => !Number.isFinite(n) || n < 0)) {
  console.error('STRIPE_WEBHOOK_RETRY_SCHEDULE must be comma-separated non-negative numbers of milliseconds');
  process.exit(2);
}

const settleDelayRaw = process.env.STRIPE_REFUND_SETTLE_DELAY_MS;
const refundSettleDelayMs = settleDelayRaw === 'manual' ? Infinity : intFromEnv('STRIPE_REFUND_SETTLE_DELAY_MS', 0);

try {
  const emu = await startStripeEmulator({
    port: intFromEnv('STRIPE_EMULATOR_PORT', 12111),
    host: process.env.STRIPE_EMULATOR_HOST || '127.0.0.1',
    publicUrl: process.env.STRIPE_EMULATOR_PUBLIC_URL || undefined,
    webhookUrl: process.env.STRIPE_WEBHOOK_URL || undefined,
    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET || undefined,
    webhookRetrySchedule: schedule,
    searchLagMs: intFromEnv('STRIPE_SEARCH_LAG_MS', 0),
    refundSettleDelayMs,
    disputeFee: intFromEnv('STRIPE_DISPUTE_FEE', 1500),
    log: emulatorLog(process.env.EMULATOR_LOG),
  });
  console.log(
    JSON.stringify({
      kind: 'started',
      url: emu.url,
      webhook_endpoint: emu.webhookEndpoint
        ? { url: emu.webhookEndpoint.url, secret: process.env.STRIPE_WEBHOOK_SECRET ? '(from STRIPE_WEBHOOK_SECRET)' : emu.webhookEndpoint.secret }
        : null,
    }),
  );
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
  console.error(err.code === 'EADDRINUSE' ? `Port already in use: set STRIPE_EMULATOR_PORT to a free port (${err.message})` : err);
  process.exit(1);
}
