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
//   STRIPE_EMULATOR_STATE_FILE      keep the account in this JSON file across restarts (default: memory only)
import { numberFromEnv, runEmulatorCli, scheduleFromEnv, stringsFromEnv } from '../kit/cli';
import { startStripeEmulator } from './server';

const webhookRetrySchedule = scheduleFromEnv('STRIPE_WEBHOOK_RETRY_SCHEDULE', { emptyIsEmpty: true });
const refundSettleDelayMs = process.env.STRIPE_REFUND_SETTLE_DELAY_MS === 'manual' ? Infinity : numberFromEnv('STRIPE_REFUND_SETTLE_DELAY_MS', 0);

await runEmulatorCli({
  prefix: 'STRIPE',
  defaultPort: 12111,
  start: (common) =>
    startStripeEmulator({
      ...common,
      ...stringsFromEnv({ publicUrl: 'STRIPE_EMULATOR_PUBLIC_URL', webhookUrl: 'STRIPE_WEBHOOK_URL', webhookSecret: 'STRIPE_WEBHOOK_SECRET', stateFile: 'STRIPE_EMULATOR_STATE_FILE' }),
      webhookRetrySchedule,
      searchLagMs: numberFromEnv('STRIPE_SEARCH_LAG_MS', 0),
      refundSettleDelayMs,
      disputeFee: numberFromEnv('STRIPE_DISPUTE_FEE', 1500),
    }),
  describe: ({ webhookEndpoint: endpoint }) => ({
    webhook_endpoint: endpoint ? { url: endpoint.url, secret: process.env.STRIPE_WEBHOOK_SECRET ? '(from STRIPE_WEBHOOK_SECRET)' : endpoint.secret } : null,
  }),
});
