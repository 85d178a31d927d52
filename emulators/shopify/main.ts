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
import { listFromEnv, numberFromEnv, runEmulatorCli, scheduleFromEnv, stringsFromEnv } from '../kit/cli';
import { startShopifyEmulator } from './server';

const webhookRetrySchedule = scheduleFromEnv('SHOPIFY_WEBHOOK_RETRY_SCHEDULE');
const positive = { integer: false, positive: true };

await runEmulatorCli({
  prefix: 'SHOPIFY',
  defaultPort: 12121,
  start: (common) =>
    startShopifyEmulator({
      ...common,
      ...stringsFromEnv({
        shopDomain: 'SHOPIFY_SHOP_DOMAIN',
        accessToken: 'SHOPIFY_ACCESS_TOKEN',
        apiSecret: 'SHOPIFY_API_SECRET',
        webhookUrl: 'SHOPIFY_WEBHOOK_URL',
        webhookApiVersion: 'SHOPIFY_WEBHOOK_API_VERSION',
        mediaBaseUrl: 'SHOPIFY_MEDIA_BASE_URL',
      }),
      webhookTopics: listFromEnv('SHOPIFY_WEBHOOK_TOPICS'),
      webhookRetrySchedule,
      bucket: { maximumAvailable: numberFromEnv('SHOPIFY_BUCKET_MAX', 1000, positive), restoreRate: numberFromEnv('SHOPIFY_BUCKET_RESTORE_RATE', 50, positive) },
      searchLagMs: numberFromEnv('SHOPIFY_SEARCH_LAG_MS', 0),
    }),
  describe: (emu) => ({
    control_page: `${emu.url}/_emulator`,
    graphql: emu.graphqlUrl('2026-04'),
    shop_domain: emu.shopDomain,
    access_token: process.env.SHOPIFY_ACCESS_TOKEN ? '(from SHOPIFY_ACCESS_TOKEN)' : 'any non-empty token',
    api_secret: process.env.SHOPIFY_API_SECRET ? '(from SHOPIFY_API_SECRET)' : emu.apiSecret,
    webhook_subscriptions: emu.state().webhooks.subscriptions,
  }),
});
