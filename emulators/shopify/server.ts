// A local Shopify Admin API the real `@shopify/shopify-api` SDK talks to (its GraphQL client, with
// the request URL rewritten to this server — see sdk-test-client.ts), plus signed webhooks back to
// the app. This file wires the parts together and owns the emulator's handle: the Admin API
// endpoint (admin-api.ts), the shop in memory (store/), webhooks (webhooks.ts), the leaky bucket
// (cost.ts), faults (faults.ts), and the control API + HTML page under /_emulator. See README.md.
import { basicControlRoutes, type ControlRoute, ControlError, Flash, handleControl, RawReply } from '../kit/control';
import { faultControlRoutes } from '../kit/faults';
import { faultAndWebhookMethods, type FaultAndWebhookMethods } from '../kit/handle';
import { BodyTooLarge, errorText, listen, requestListener, send } from '../kit/http';
import { webhookControlRoutes } from '../kit/webhook-control';
import { adminApiHandler, json, type RequestLogEntry } from './admin-api';
import { renderControlPage } from './control-page';
import { type BucketConfig, bucketControlRoutes, LeakyBucket, type ThrottleStatus } from './cost';
import { type FaultRule, type FaultRuleInput, Faults } from './faults';
import { legacyId, type TimestampPrecision, uuid } from './ids';
import { buildShopifySchema, type IdempotencyEntry } from './schema';
import { addProduct, catalogControlRoutes, type NewProduct, removeProduct, requireVariant, setPrice, type VariantSnapshot } from './store/catalog';
import { ShopifyStore } from './store/core';
import { adjustAvailable, inventoryControlRoutes, setAvailable, stockSnapshot, type StockSnapshot } from './store/inventory';
import { findOrderSummary, fulfillOrder, orderControlRoutes, orderSummaries, type OrderSummary } from './store/orders';
import { StoreError, WEBHOOK_TOPICS } from './store/records';
import { type DeliveryAttempt, type RecordedEvent, ShopifyWebhooks, subscriptionControlRoutes, type WebhookFaults, type WebhookSubscription } from './webhooks';

export { signBody } from './webhooks';
export type { DeliveryAttempt, RecordedEvent, WebhookFaults, WebhookSubscription } from './webhooks';
export type { FaultRule, FaultRuleInput } from './faults';
export type { BucketConfig, ThrottleStatus } from './cost';
export type { VariantSnapshot } from './store/catalog';
export type { StockSnapshot } from './store/inventory';
export type { OrderSummary } from './store/orders';
export { WEBHOOK_TOPICS } from './store/records';
export { OLDEST_API_VERSION } from './admin-api';

export const DEFAULT_SHOP_DOMAIN = 'dotshop-dev.myshopify.com';
export const DEFAULT_ACCESS_TOKEN = 'shpat_dotshop_emulator';
export const DEFAULT_API_SECRET = 'shpss_dotshop_emulator';
/** X-Shopify-API-Version on webhooks (the app's configured webhook API version). */
export const DEFAULT_WEBHOOK_API_VERSION = '2026-04';
/** Compressed stand-in for Shopify's 8 retries over 4 hours. */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE = [500, 1000, 2000, 4000, 8000, 15_000, 30_000, 30_000];
/** The topics a start-up subscription receives by default. */
export const DEFAULT_WEBHOOK_TOPICS = ['products/create', 'products/update', 'products/delete', 'inventory_levels/update', 'fulfillments/create', 'orders/fulfilled'];

export interface ShopifyEmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** The shop (default dotshop-dev.myshopify.com): X-Shopify-Shop-Domain and `shop { myshopifyDomain }`. */
  shopDomain?: string;
  /** Accept only this Admin API access token (default: any non-empty X-Shopify-Access-Token). */
  accessToken?: string;
  /** The app's API secret: signs X-Shopify-Hmac-Sha256 (default `shpss_dotshop_emulator`). */
  apiSecret?: string;
  /** A webhook subscription configured at start (kept across `reset`). */
  webhookUrl?: string;
  /** Its topics (default: DEFAULT_WEBHOOK_TOPICS; `['*']` adds orders/create). */
  webhookTopics?: string[];
  /** Delays in ms before each webhook retry; the length bounds the retries (default 8 retries, 0.5 s … 30 s). */
  webhookRetrySchedule?: number[];
  /** Per-attempt webhook timeout (Shopify: 5 s; default 5000). */
  webhookTimeoutMs?: number;
  /** X-Shopify-API-Version on webhooks (default 2026-04). */
  webhookApiVersion?: string;
  /** The leaky bucket (default maximumAvailable 1000, restoreRate 50/s). */
  bucket?: Partial<BucketConfig>;
  /** New objects are invisible to `query:` searches for this long, like Shopify's search index (default 0). */
  searchLagMs?: number;
  /** Prefix for image URLs; default '' keeps the seed's `/media/art/…` paths (Shopify's are absolute CDN URLs). */
  mediaBaseUrl?: string;
  /** Timestamp resolution: 's' like Shopify (default) or 'ms'. */
  timestampPrecision?: TimestampPrecision;
  /** One JSON line per request / webhook attempt. Default: silent. */
  log?: (line: string) => void;
}

export interface ShopifyEmulatorState {
  shop_domain: string;
  down: boolean;
  counts: ReturnType<ShopifyStore['counts']>;
  orders: OrderSummary[];
  webhooks: Omit<ReturnType<ShopifyWebhooks['stats']>, 'subscriptions'> & { faults: WebhookFaults & { paused: boolean }; subscriptions: WebhookSubscription[] };
  bucket: ThrottleStatus;
  faults: FaultRule[];
  idempotency_keys: number;
}

/**
 * Also setFaults, clearFaults, setWebhookFaults, clearWebhookFaults, pauseWebhooks, resumeWebhooks,
 * webhookDeliveries, and waitForWebhooks (held deliveries count as outstanding).
 */
export interface ShopifyEmulator extends FaultAndWebhookMethods<FaultRuleInput, FaultRule, DeliveryAttempt> {
  /** `http://host:port` */
  url: string;
  port: number;
  shopDomain: string;
  /** The token to send (the configured one, or the default). */
  accessToken: string;
  apiSecret: string;
  /** The single location's gid (`DotShop Warehouse`). */
  locationId: string;
  /** `http://host:port/admin/api/<version>/graphql.json` */
  graphqlUrl(version: string): string;
  close(): Promise<void>;
  /** Back to the seed catalog; clears orders, faults, webhook queues/deliveries/events, runtime subscriptions, idempotency keys; the bucket returns to its start configuration, full; up. */
  reset(): void;
  state(): ShopifyEmulatorState;
  /** Set a variant's price "in Shopify" (decimal major units; USD = shop price, EUR = euro market price). Sends products/update. */
  setPrice(sku: string, amount: string | number, currency?: 'USD' | 'EUR'): VariantSnapshot;
  /** Set a variant's available stock "in Shopify". Sends inventory_levels/update (unless unchanged). */
  setAvailable(sku: string, available: number): StockSnapshot;
  adjustAvailable(sku: string, delta: number): StockSnapshot;
  stock(sku: string): StockSnapshot;
  /** Fulfil everything that remains on an order (gid, numeric id, name, or DotShop order id). Sends fulfillments/create and orders/fulfilled. */
  fulfill(orderRef: string, tracking?: { number?: string; company?: string; url?: string }): { fulfillment_id: string; order: OrderSummary };
  createProduct(input: NewProduct): { product_id: string; handle: string; variants: VariantSnapshot[] };
  deleteProduct(handleOrId: string): { product_id: string };
  orders(): OrderSummary[];
  findOrder(ref: string): OrderSummary | null;
  /** Down: the Admin API answers 503 and webhook deliveries are held; up drains them. */
  setDown(down: boolean): void;
  isDown(): boolean;
  addWebhookSubscription(input: { url: string; topics?: string[] }): WebhookSubscription;
  /** Replace every subscription with one (null removes them all). */
  setWebhookUrl(url: string | null, topics?: string[]): WebhookSubscription | null;
  webhookEvents(): RecordedEvent[];
  resendWebhook(eventId: string): number;
  setBucket(config: Partial<BucketConfig>): ThrottleStatus;
  /** Empty the bucket (the next request waits for the restore rate). */
  drainBucket(): ThrottleStatus;
  bucketStatus(): ThrottleStatus;
  /** The in-memory store (escape hatch for tests). */
  store: ShopifyStore;
}

export async function startShopifyEmulator(opts: ShopifyEmulatorOptions = {}): Promise<ShopifyEmulator> {
  const log = opts.log ?? (() => {});
  const shopDomain = opts.shopDomain ?? DEFAULT_SHOP_DOMAIN;
  const apiSecret = opts.apiSecret ?? DEFAULT_API_SECRET;
  const precision = opts.timestampPrecision ?? 's';
  const bucketConfig: BucketConfig = { maximumAvailable: opts.bucket?.maximumAvailable ?? 1000, restoreRate: opts.bucket?.restoreRate ?? 50 };
  if (!(bucketConfig.maximumAvailable > 0) || !(bucketConfig.restoreRate > 0)) throw new Error('bucket.maximumAvailable and bucket.restoreRate must be positive');
  const bucket = new LeakyBucket(bucketConfig);
  const faults = new Faults();
  const idempotency = new Map<string, IdempotencyEntry>();
  let down = false;
  let userPaused = false;
  /** Bumped by reset(): Admin API requests already in flight are not executed against the new state. */
  let generation = 0;

  const dispatcher = new ShopifyWebhooks({
    shopDomain,
    apiVersion: opts.webhookApiVersion ?? DEFAULT_WEBHOOK_API_VERSION,
    secret: () => apiSecret,
    retrySchedule: opts.webhookRetrySchedule ?? DEFAULT_WEBHOOK_RETRY_SCHEDULE,
    timeoutMs: opts.webhookTimeoutMs ?? 5000,
    log,
  });
  const store = new ShopifyStore({
    precision,
    mediaBaseUrl: opts.mediaBaseUrl ?? '',
    searchLagMs: opts.searchLagMs ?? 0,
    onEvent: (event) => dispatcher.enqueue({ ...event, eventId: uuid() }),
  });
  const schema = buildShopifySchema(precision);
  if (opts.webhookUrl) dispatcher.addSubscription({ url: opts.webhookUrl, topics: opts.webhookTopics ?? DEFAULT_WEBHOOK_TOPICS }, true);
  const handleAdminApi = adminApiHandler({ schema, store, bucket, shopDomain, idempotency, faults, accessToken: opts.accessToken, isDown: () => down, generation: () => generation });

  // Deliveries are held while the shop is down or the user paused them; either one holds.
  const syncPause = () => {
    if (down || userPaused) dispatcher.pause();
    else dispatcher.resume();
  };

  const controlRoutes: ControlRoute[] = [
    {
      method: 'GET',
      path: '/_emulator',
      handle: ({ url }) => {
        const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
        const page = renderControlPage({ store, dispatcher, shopDomain, down, bucket: bucket.status(), flash: url.searchParams.get('flash'), error: url.searchParams.get('error'), limit: 50, offset });
        return new RawReply(200, page, {}, 'text/html; charset=utf-8');
      },
    },
    ...basicControlRoutes({ state: () => handle.state(), reset: () => handle.reset(), resetMessage: 'Reset to the seed catalog.' }),
    ...orderControlRoutes(store),
    ...faultControlRoutes(faults),
    ...subscriptionControlRoutes(dispatcher, (url, topics) => handle.setWebhookUrl(url, topics)),
    ...webhookControlRoutes({ dispatcher, pause: () => handle.pauseWebhooks(), resume: () => handle.resumeWebhooks() }),
    ...bucketControlRoutes(bucket),
    ...catalogControlRoutes(store),
    ...inventoryControlRoutes(store),
    {
      method: 'POST',
      path: '/_emulator/down',
      handle: () => {
        handle.setDown(true);
        return new Flash({ down: true }, 'Shopify is down: the Admin API answers 503 and webhooks are held.');
      },
    },
    {
      method: 'POST',
      path: '/_emulator/up',
      handle: () => {
        handle.setDown(false);
        return new Flash({ down: false }, 'Shopify is back up; held webhooks are being delivered.');
      },
    },
  ];
  const controlErrors = (e: unknown) => {
    if (e instanceof StoreError) return new ControlError(e.message, 404);
    if (e instanceof BodyTooLarge) return new ControlError('Request body too large', 413);
    if (e instanceof Error && /^unknown webhook topic|Invalid URL|^No such event/.test(e.message)) return new ControlError(e.message);
    return undefined;
  };

  const running = await listen(
    requestListener((req, res, url, started) => {
      const entry: RequestLogEntry = { method: req.method ?? 'GET', path: url.pathname, status: 0 };
      const reply = (status: number, body: string, headers: Record<string, string> = {}, contentType = 'application/json; charset=utf-8') => {
        entry.status = status;
        send(res, status, body, headers, contentType);
      };
      return {
        handle: async () => {
          if (url.pathname.startsWith('/admin/api/')) return handleAdminApi(req, res, url, entry);
          if (url.pathname === '/_emulator' || url.pathname.startsWith('/_emulator/')) {
            const path = url.pathname.replace(/\/$/, '') || '/';
            return handleControl(req, url, path, controlRoutes, { json, reply, eagerBody: true, formRedirect: '/_emulator', onError: controlErrors });
          }
          reply(404, json({ errors: 'Not Found' }));
        },
        crashed: (e) => {
          log(JSON.stringify({ kind: 'internal_error', path: url.pathname, error: errorText(e) }));
          reply(500, json({ errors: 'Internal Server Error (Shopify emulator)' }));
        },
        finished: () => log(JSON.stringify({ kind: 'request', ts: new Date(started).toISOString(), ...entry, ms: Date.now() - started })),
      };
    }),
    opts.port,
    opts.host,
  );
  const baseUrl = running.url;

  const handle: ShopifyEmulator = {
    url: baseUrl,
    port: running.port,
    shopDomain,
    accessToken: opts.accessToken ?? DEFAULT_ACCESS_TOKEN,
    apiSecret,
    locationId: store.location.id,
    store,
    graphqlUrl: (version) => `${baseUrl}/admin/api/${version}/graphql.json`,
    close: () => {
      dispatcher.close();
      return running.close();
    },
    reset() {
      generation++;
      store.reset();
      faults.clear();
      idempotency.clear();
      bucket.configure(bucketConfig);
      bucket.fill();
      dispatcher.reset();
      dispatcher.removeAllTargets(false);
      down = false;
      userPaused = false;
      syncPause();
    },
    state() {
      return {
        shop_domain: shopDomain,
        down,
        counts: store.counts(),
        orders: handle.orders(),
        webhooks: { ...dispatcher.stats(), faults: dispatcher.getFaults(), subscriptions: dispatcher.subscriptions.slice() },
        bucket: bucket.status(),
        faults: faults.list(),
        idempotency_keys: idempotency.size,
      };
    },
    setPrice: (sku, amount, currency = 'USD') => setPrice(store, sku, amount, currency),
    setAvailable: (sku, available) => setAvailable(store, sku, available),
    adjustAvailable: (sku, delta) => adjustAvailable(store, sku, delta),
    stock: (sku) => stockSnapshot(store, requireVariant(store, sku)),
    fulfill: (ref, tracking) => fulfillOrder(store, ref, tracking),
    createProduct: (input) => addProduct(store, input),
    deleteProduct: (handleOrId) => removeProduct(store, handleOrId),
    orders: () => orderSummaries(store),
    findOrder: (ref) => findOrderSummary(store, ref),
    setDown(value) {
      down = value;
      syncPause();
    },
    isDown: () => down,
    ...faultAndWebhookMethods(faults, dispatcher, {
      pause() {
        userPaused = true;
        syncPause();
      },
      resume() {
        userPaused = false;
        syncPause();
      },
    }),
    addWebhookSubscription: (input) => dispatcher.addSubscription(input),
    setWebhookUrl(target, topics) {
      dispatcher.removeAllTargets();
      return target ? dispatcher.addSubscription({ url: target, topics: topics ?? DEFAULT_WEBHOOK_TOPICS }, true) : null;
    },
    webhookEvents: () => dispatcher.events.slice(),
    resendWebhook: (eventId) => dispatcher.resend(eventId),
    setBucket: (config) => bucket.configure(config),
    drainBucket() {
      bucket.drain();
      return bucket.status();
    },
    bucketStatus: () => bucket.status(),
  };
  return handle;
}

/** The numeric (REST) id of a gid, e.g. for matching webhook payloads. */
export { legacyId };
/** Every topic the emulator can send. */
export const ALL_WEBHOOK_TOPICS: readonly string[] = WEBHOOK_TOPICS;
