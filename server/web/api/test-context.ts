// For API tests: the Remix `context` a route receives, built from real parts — a fresh test
// database, pg-boss on it, and the real Stripe SDK pointed at the Stripe emulator — plus a tiny
// client that calls a route module's loader/action with a real Request.
import type { PgBoss } from 'pg-boss';
import { createTestDatabase, type TestDatabase } from '../../../db/testing/database';
import { startStripeEmulator, type StripeEmulator } from '../../../emulators/stripe/server';
import { createBoss } from '../../platform/boss';
import { createQueues } from '../../platform/queues';
import { parseConfig } from '../../platform/config';
import type { AppContext } from '../../platform/context';
import { createLogger } from '../../platform/logger';
import { createOutbox } from '../../platform/outbox';
import { createShopifyClient } from '../../integrations/shopify/client';
import { createStripeClient } from '../../integrations/stripe/client';

export type ApiTestStack = { t: TestDatabase; emulator: StripeEmulator; boss: PgBoss; context: AppContext; close: () => Promise<void> };

export async function startApiTestStack(label: string): Promise<ApiTestStack> {
  const t = await createTestDatabase(label);
  const emulator = await startStripeEmulator({ port: 0 });
  const logger = createLogger('silent');
  const boss = createBoss(t.url, logger, { max: 3 });
  await boss.start();
  await createQueues(boss);
  const context: AppContext = {
    requestId: 'req-api-test',
    logger,
    db: t,
    config: parseConfig({}),
    clientIp: '127.0.0.1',
    outbox: createOutbox(boss),
    stripe: createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_API_BASE: emulator.url }, { maxNetworkRetries: 0 }),
    // The API under test never calls Shopify; a client aimed at the discard port fails fast if it did.
    shopify: createShopifyClient({ SHOPIFY_SHOP_DOMAIN: 'api-test.myshopify.com', SHOPIFY_ACCESS_TOKEN: 'x', SHOPIFY_API_KEY: 'k', SHOPIFY_API_SECRET: 's', SHOPIFY_API_BASE: 'http://127.0.0.1:9' }),
  };
  return {
    t,
    emulator,
    boss,
    context,
    close: async () => {
      await boss.stop({ graceful: false, close: true });
      await emulator.close();
      await t.drop();
    },
  };
}

type Handler = (args: { request: Request; params: Record<string, string | undefined>; context: AppContext }) => Promise<Response> | Response;
export type RouteModule = { loader?: Handler; action?: Handler };
export type ApiResult<T = any> = { status: number; headers: Headers; body: T }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Calls a route module the way Remix does: GET/HEAD → loader, anything else → action. */
export async function callRoute(
  route: RouteModule,
  context: AppContext,
  method: string,
  url: string,
  opts: { params?: Record<string, string | undefined>; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResult> {
  const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const request = new Request(new URL(url, 'http://shop.test'), {
    method,
    headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...opts.headers },
    body,
  });
  const handler = method === 'GET' || method === 'HEAD' ? route.loader : route.action;
  if (!handler) throw new Error(`route has no ${method === 'GET' ? 'loader' : 'action'}`);
  const response = await handler({ request, params: opts.params ?? {}, context });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}
