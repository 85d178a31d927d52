// CLI: `npx tsx emulators/shopify/main.ts`
// Starts the Shopify emulator on SHOPIFY_EMULATOR_PORT (default 12121) and logs one JSON line per
// request and per webhook attempt to stdout. The control page is at http://127.0.0.1:12121/_emulator.
//   SHOPIFY_EMULATOR_HOST             interface to bind (default 127.0.0.1)
//   SHOPIFY_SHOP_DOMAIN               the shop (default dotshop-dev.myshopify.com)
//   SHOPIFY_ACCESS_TOKEN              accept only this X-Shopify-Access-Token (default: any non-empty token)
//   SHOPIFY_API_SECRET                the app's API secret, signs X-Shopify-Hmac-Sha256 (default shpss_dotshop_emulator)
//   SHOPIFY_WEBHOOK_URL               webhook subscription for the sync topics (optional)
//   SHOPIFY_WEBHOOK_TOPICS            comma-separated topics for it (default: the sync topics; `*` = all)
//   SHOPIFY_WEBHOOK_RETRY_SCHEDULE    comma-separated retry delays in ms (default 500,1000,2000,4000,8000,15000,30000,30000)
//   SHOPIFY_WEBHOOK_API_VERSION       X-Shopify-API-Version on webhooks (default 2026-04)
//   SHOPIFY_BUCKET_MAX                leaky bucket size (default 1000)
//   SHOPIFY_BUCKET_RESTORE_RATE       points restored per second (default 50)
//   SHOPIFY_SEARCH_LAG_MS             new objects are invisible to `query:` searches this long (default 0)
//   SHOPIFY_MEDIA_BASE_URL            prefix for image URLs (default: none, the seed's /media/art/… paths)
import { startShopifyEmulator } from './server';
import { emulatorLog } from '../log';

function numberFromEnv(name: string, fallback: number, { integer = true, positive = false } = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n)) || (positive && n === 0)) {
    console.error(`${name} must be a ${positive ? 'positive' : 'non-negative'} ${integer ? 'integer' : 'number'} (got ${JSON.stringify(raw)})`);
    process.exit(2);
  }
  return n;
}

function listFromEnv(name: string): string[] | undefined {
  const raw = process.env[name];
  if (!raw) return undefined;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const schedule = listFromEnv('SHOPIFY_WEBHOOK_RETRY_SCHEDULE')?.map(Number);
if (schedule && schedule.some((n) => !Number.isFinite(n) || n < 0)) {
  console.error('SHOPIFY_WEBHOOK_RETRY_SCHEDULE must be comma-separated non-negative numbers of milliseconds');
  process.exit(2);
}

try {
  const emu = await startShopifyEmulator({
    port: numberFromEnv('SHOPIFY_EMULATOR_PORT', 12121),
    host: process.env.SHOPIFY_EMULATOR_HOST || '127.0.0.1',
    shopDomain: process.env.SHOPIFY_SHOP_DOMAIN || undefined,
    accessToken: process.env.SHOPIFY_ACCESS_TOKEN || undefined,
    apiSecret: process.env.SHOPIFY_API_SECRET || undefined,
    webhookUrl: process.env.SHOPIFY_WEBHOOK_URL || undefined,
    webhookTopics: listFromEnv('SHOPIFY_WEBHOOK_TOPICS'),
    webhookRetrySchedule: schedule,
    webhookApiVersion: process.env.SHOPIFY_WEBHOOK_API_VERSION || undefined,
    bucket: {
      maximumAvailable: numberFromEnv('SHOPIFY_BUCKET_MAX', 1000, { integer: false, positive: true }),
      restoreRate: numberFromEnv('SHOPIFY_BUCKET_RESTORE_RATE', 50, { integer: false, positive: true }),
    },
    searchLagMs: numberFromEnv('SHOPIFY_SEARCH_LAG_MS', 0),
    mediaBaseUrl: process.env.SHOPIFY_MEDIA_BASE_URL || undefined,
    log: emulatorLog(process.env.EMULATOR_LOG),
  });
  console.log(
    JSON.stringify({
      kind: 'started',
      url: emu.url,
      control_page: `${emu.url}/_emulator`,
      graphql: emu.graphqlUrl('2026-04'),
      shop_domain: emu.shopDomain,
      access_token: process.env.SHOPIFY_ACCESS_TOKEN ? '(from SHOPIFY_ACCESS_TOKEN)' : 'any non-empty token',
      api_secret: process.env.SHOPIFY_API_SECRET ? '(from SHOPIFY_API_SECRET)' : emu.apiSecret,
      webhook_subscriptions: emu.state().webhooks.subscriptions,
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
  console.error(err.code === 'EADDRINUSE' ? `Port already in use: set SHOPIFY_EMULATOR_PORT to a free port (${err.message})` : err);
  process.exit(1);
}
