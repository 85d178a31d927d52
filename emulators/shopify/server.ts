// A local Shopify Admin API the real `@shopify/shopify-api` SDK talks to (its GraphQL client, with
// the request URL rewritten to this server — see sdk-test-client.ts), plus signed webhooks back to
// the app. node:http, in-memory state loaded from the seed catalog, Shopify's wire format (the
// GraphQL subset in schema-sdl.ts, calculated query cost and THROTTLED, X-Shopify-* webhook headers
// with a base64 HMAC of the raw body), fault injection, and a control API + HTML page under
// /_emulator. See README.md in this folder.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, type Socket } from 'node:net';
import type { CurrencyCode } from '../../db/seed/catalog';
import { renderControlPage } from './control-page';
import { type BucketConfig, LeakyBucket, type ThrottleStatus } from './cost';
import { ControlInputError, type FaultRule, type FaultRuleInput, Faults } from './faults';
import { runGraphql } from './graphql-endpoint';
import { gqlDateTime, legacyId, money, parseMoney, type TimestampPrecision, uuid } from './ids';
import { buildShopifySchema, type IdempotencyEntry } from './schema';
import { type OrderRecord, ShopifyStore, StoreError, type VariantRecord, WEBHOOK_TOPICS } from './store';
import { type DeliveryAttempt, type RecordedEvent, type WebhookFaults, type WebhookSubscription, WebhookDispatcher } from './webhooks';

export { signBody } from './webhooks';
export type { DeliveryAttempt, RecordedEvent, WebhookFaults, WebhookSubscription } from './webhooks';
export type { FaultRule, FaultRuleInput } from './faults';
export type { BucketConfig, ThrottleStatus } from './cost';
export { WEBHOOK_TOPICS } from './store';

export const DEFAULT_SHOP_DOMAIN = 'dotshop-dev.myshopify.com';
export const DEFAULT_ACCESS_TOKEN = 'shpat_dotshop_emulator';
export const DEFAULT_API_SECRET = 'shpss_dotshop_emulator';
/** X-Shopify-API-Version on webhooks (the app's configured webhook API version). */
export const DEFAULT_WEBHOOK_API_VERSION = '2026-04';
/** Oldest Admin API version the emulator serves. */
export const OLDEST_API_VERSION = '2026-01';
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

export interface VariantSnapshot {
  sku: string;
  variant_id: string;
  product_id: string;
  inventory_item_id: string;
  price: { USD: string; EUR: string };
  updated_at: string;
}

export interface StockSnapshot {
  sku: string;
  inventory_item_id: string;
  location_id: string;
  available: number;
  committed: number;
  on_hand: number;
  updated_at: string;
}

export interface OrderSummary {
  id: string;
  name: string;
  source_identifier: string | null;
  tags: string[];
  financial_status: string;
  fulfillment_status: string;
  line_items: { sku: string | null; quantity: number; fulfilled: number }[];
  fulfillment_order_ids: string[];
  fulfillment_ids: string[];
  created_at: string;
  updated_at: string;
}

export interface ShopifyEmulatorState {
  shop_domain: string;
  down: boolean;
  counts: ReturnType<ShopifyStore['counts']>;
  orders: OrderSummary[];
  webhooks: Omit<ReturnType<WebhookDispatcher['stats']>, 'subscriptions'> & { faults: WebhookFaults & { paused: boolean }; subscriptions: WebhookSubscription[] };
  bucket: ThrottleStatus;
  faults: FaultRule[];
  idempotency_keys: number;
}

export interface ShopifyEmulator {
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
  createProduct(input: { title: string; handle?: string; productType?: string; vendor?: string; tags?: string[]; variants?: { sku: string; title?: string; price: string | number; priceEur?: string | number; available?: number }[] }): {
    product_id: string;
    handle: string;
    variants: VariantSnapshot[];
  };
  deleteProduct(handleOrId: string): { product_id: string };
  orders(): OrderSummary[];
  findOrder(ref: string): OrderSummary | null;
  /** Down: the Admin API answers 503 and webhook deliveries are held; up drains them. */
  setDown(down: boolean): void;
  isDown(): boolean;
  setFaults(rule: FaultRuleInput): FaultRule;
  clearFaults(): void;
  setWebhookFaults(f: WebhookFaults): WebhookFaults;
  clearWebhookFaults(): void;
  pauseWebhooks(): void;
  resumeWebhooks(): void;
  addWebhookSubscription(input: { url: string; topics?: string[] }): WebhookSubscription;
  /** Replace every subscription with one (null removes them all). */
  setWebhookUrl(url: string | null, topics?: string[]): WebhookSubscription | null;
  /** Resolves when every webhook delivery has succeeded or exhausted its retries (held ones count as outstanding). */
  waitForWebhooks(timeoutMs?: number): Promise<void>;
  webhookDeliveries(): DeliveryAttempt[];
  webhookEvents(): RecordedEvent[];
  resendWebhook(eventId: string): number;
  setBucket(config: Partial<BucketConfig>): ThrottleStatus;
  /** Empty the bucket (the next request waits for the restore rate). */
  drainBucket(): ThrottleStatus;
  bucketStatus(): ThrottleStatus;
  /** The in-memory store (escape hatch for tests). */
  store: ShopifyStore;
}

const MAX_BODY = 1024 * 1024;
class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new BodyTooLarge('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const json = (v: unknown) => JSON.stringify(v);

function validVersion(version: string): boolean {
  return version === 'unstable' || (/^\d{4}-(01|04|07|10)$/.test(version) && version >= OLDEST_API_VERSION);
}

export async function startShopifyEmulator(opts: ShopifyEmulatorOptions = {}): Promise<ShopifyEmulator> {
  const host = opts.host ?? '127.0.0.1';
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

  const dispatcher = new WebhookDispatcher({
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

  const syncPause = () => {
    if (down || userPaused) dispatcher.pause();
    else dispatcher.resume();
  };

  // -------------------------------------------------------------------------------------------
  // Snapshots (control API answers)

  const ts = (ms: number) => gqlDateTime(ms, precision);
  const variantSnapshot = (v: VariantRecord): VariantSnapshot => ({
    sku: v.sku,
    variant_id: v.id,
    product_id: v.productId,
    inventory_item_id: v.inventoryItemId,
    price: { USD: money(v.price.USD), EUR: money(v.price.EUR) },
    updated_at: ts(v.updatedAt),
  });
  const requireVariant = (sku: string): VariantRecord => {
    const v = store.variantBySku(sku);
    if (!v) throw new StoreError(`No variant with SKU ${sku}`);
    return v;
  };
  const stockSnapshot = (v: VariantRecord): StockSnapshot => {
    const level = store.levelForItem(v.inventoryItemId);
    if (!level) throw new StoreError(`SKU ${v.sku} is not stocked`);
    return { sku: v.sku, inventory_item_id: v.inventoryItemId, location_id: level.locationId, available: level.available, committed: level.committed, on_hand: level.available + level.committed, updated_at: ts(level.updatedAt) };
  };
  const orderSummary = (o: OrderRecord): OrderSummary => ({
    id: o.id,
    name: o.name,
    source_identifier: o.sourceIdentifier,
    tags: o.tags,
    financial_status: o.financialStatus,
    fulfillment_status: store.fulfillmentStatus(o),
    line_items: o.lineItems.map((l) => ({ sku: l.sku, quantity: l.quantity, fulfilled: l.fulfilledQuantity })),
    fulfillment_order_ids: o.fulfillmentOrderIds,
    fulfillment_ids: o.fulfillmentIds,
    created_at: ts(o.createdAt),
    updated_at: ts(o.updatedAt),
  });

  // -------------------------------------------------------------------------------------------
  // Control actions (shared by the handle, the JSON endpoints and the HTML page's forms)

  function setPrice(sku: string, amount: string | number, currency: string = 'USD'): VariantSnapshot {
    const minor = parseMoney(amount);
    if (minor === null || minor < 0) throw new ControlInputError('amount must be a non-negative decimal amount, e.g. "129.00"');
    const v = requireVariant(sku);
    if (currency === 'USD') {
      const r = store.updateVariants(v.productId, [{ id: v.id, priceMinor: minor }], false, parseMoney);
      if (r.userErrors.length) throw new ControlInputError(r.userErrors.map((e) => e.message).join('; '));
    } else if (currency === 'EUR') {
      store.setMarketPrice(sku, currency as CurrencyCode, minor);
    } else {
      throw new ControlInputError("currency must be 'USD' (the shop currency) or 'EUR' (the euro market)");
    }
    return variantSnapshot(requireVariant(sku));
  }

  function adjustAvailable(sku: string, delta: number): StockSnapshot {
    if (!Number.isInteger(delta)) throw new ControlInputError('delta must be an integer');
    const v = requireVariant(sku);
    if (delta !== 0) {
      const r = store.adjustQuantities({ name: 'available', reason: 'correction', changes: [{ delta, inventoryItemId: v.inventoryItemId, locationId: store.location.id }] }, false);
      if (r.userErrors.length) throw new ControlInputError(r.userErrors.map((e) => e.message).join('; '));
    }
    return stockSnapshot(v);
  }

  function setAvailable(sku: string, available: number): StockSnapshot {
    if (!Number.isInteger(available)) throw new ControlInputError('available must be an integer');
    const v = requireVariant(sku);
    const level = store.levelForItem(v.inventoryItemId);
    return adjustAvailable(sku, available - (level?.available ?? 0));
  }

  function fulfill(ref: string, tracking: { number?: string; company?: string; url?: string } = {}) {
    const order = store.findOrder(ref);
    if (!order) throw new StoreError(`No order ${ref}`);
    const open = order.fulfillmentOrderIds.filter((id) => store.fulfillmentOrders.get(id)?.status !== 'CLOSED');
    if (open.length === 0) throw new ControlInputError(`Order ${order.name} has nothing left to fulfil`);
    const r = store.createFulfillment({
      lineItemsByFulfillmentOrder: open.map((fulfillmentOrderId) => ({ fulfillmentOrderId })),
      trackingInfo: tracking.number || tracking.company || tracking.url ? { number: tracking.number ?? null, company: tracking.company ?? null, url: tracking.url ?? null } : null,
    });
    if (!r.fulfillment) throw new ControlInputError(r.userErrors.map((e) => e.message).join('; '));
    return { fulfillment_id: r.fulfillment.id, order: orderSummary(order) };
  }

  function createProduct(input: Parameters<ShopifyEmulator['createProduct']>[0]) {
    const variants = (input.variants ?? []).map((v) => {
      const price = parseMoney(v.price);
      const priceEur = v.priceEur === undefined ? undefined : parseMoney(v.priceEur);
      if (price === null || priceEur === null) throw new ControlInputError(`invalid price for ${v.sku}`);
      if (!v.sku) throw new ControlInputError('every variant needs a sku');
      return { sku: v.sku, title: v.title, price, priceEur, available: v.available };
    });
    if (!input.title) throw new ControlInputError('title is required');
    const p = store.createProduct({ ...input, variants });
    return { product_id: p.id, handle: p.handle, variants: store.productVariants(p).map(variantSnapshot) };
  }

  // -------------------------------------------------------------------------------------------
  // HTTP

  function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}, contentType = 'application/json; charset=utf-8'): void {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)), 'Cache-Control': 'no-cache, no-store', ...headers });
    res.end(body);
  }

  interface LogEntry {
    method: string;
    path: string;
    status: number;
    operation?: string | null;
    cost?: unknown;
    throttled?: boolean;
    fault?: string;
  }

  async function handleAdminApi(req: IncomingMessage, res: ServerResponse, url: URL, entry: LogEntry): Promise<void> {
    const m = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(url.pathname);
    const requestId = uuid();
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      send(res, status, json(body), { 'X-Request-Id': requestId, ...headers });
    };
    if (!m) return reply(404, { errors: 'Not Found' });
    const version = m[1];
    if (!validVersion(version)) return reply(404, { errors: `Not Found (the Shopify emulator serves Admin API versions ${OLDEST_API_VERSION} and later, and unstable)` });
    if (req.method !== 'POST') return reply(405, { errors: 'Method Not Allowed (POST a GraphQL document)' }, { Allow: 'POST' });
    const token = req.headers['x-shopify-access-token'];
    if (typeof token !== 'string' || !token || (opts.accessToken !== undefined && token !== opts.accessToken)) {
      return reply(401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    }
    if (down) return reply(503, { errors: 'Service Unavailable (the Shopify emulator is down: POST /_emulator/up)' });
    let raw: string;
    try {
      raw = await readBody(req);
    } catch (e) {
      if (e instanceof BodyTooLarge) return reply(413, { errors: 'Request body too large' });
      throw e;
    }
    const startedIn = generation;
    const fault = faults.take(raw);
    if (fault.latencyMs) await sleep(fault.latencyMs);
    if (fault.action?.phase === 'before') {
      entry.fault = `${fault.action.kind}:${fault.action.ruleId}`;
      if (fault.action.kind === 'drop') {
        entry.status = 0;
        req.socket.destroy();
        return;
      }
      return reply(fault.action.status, { errors: `HTTP ${fault.action.status} injected by the Shopify emulator` });
    }
    if (down) return reply(503, { errors: 'Service Unavailable (the Shopify emulator is down: POST /_emulator/up)' });
    if (startedIn !== generation) return reply(503, { errors: 'The Shopify emulator was reset while this request was in flight; it was not executed.' });
    const result = await runGraphql({ schema, store, bucket, shopDomain, idempotency }, raw, String(req.headers['content-type'] ?? 'application/json'), version);
    entry.operation = result.operation;
    entry.throttled = result.throttled || undefined;
    entry.cost = (result.body as { extensions?: { cost?: unknown } }).extensions?.cost;
    if (fault.action?.phase === 'after') {
      entry.fault = `${fault.action.kind}(after):${fault.action.ruleId}`;
      if (fault.action.kind === 'drop') {
        entry.status = 0;
        req.socket.destroy();
        return;
      }
      return reply(fault.action.status, { errors: `HTTP ${fault.action.status} injected by the Shopify emulator (the request was executed)` });
    }
    reply(result.status, result.body, { 'X-Shopify-API-Version': version });
  }

  async function readControlBody(req: IncomingMessage): Promise<{ body: Record<string, unknown>; form: boolean }> {
    const raw = await readBody(req);
    const ct = String(req.headers['content-type'] ?? '');
    if (ct.includes('application/x-www-form-urlencoded')) return { body: Object.fromEntries(new URLSearchParams(raw)), form: true };
    if (!raw.trim()) return { body: {}, form: false };
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      throw new ControlInputError('request body must be JSON (or form-encoded)');
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ControlInputError('expected a JSON object');
    return { body: v as Record<string, unknown>, form: false };
  }

  const intField = (v: unknown, name: string): number => {
    const n = typeof v === 'string' && v.trim() ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n)) throw new ControlInputError(`${name} must be an integer`);
    return n;
  };
  const optString = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL, entry: LogEntry): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/$/, '') || '/';
    let form = false;
    const ok = (v: unknown, flash?: string) => {
      if (form) {
        entry.status = 303;
        return send(res, 303, '', { Location: `/_emulator?flash=${encodeURIComponent(flash ?? 'Done.')}` }, 'text/plain');
      }
      entry.status = 200;
      send(res, 200, json(v));
    };
    const bad = (message: string, status = 400) => {
      if (form) {
        entry.status = 303;
        return send(res, 303, '', { Location: `/_emulator?error=${encodeURIComponent(message)}` }, 'text/plain');
      }
      entry.status = status;
      send(res, status, json({ error: { message } }));
    };
    let m: RegExpExecArray | null;
    try {
      if (path === '/_emulator' && method === 'GET') {
        entry.status = 200;
        const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
        return send(
          res,
          200,
          renderControlPage({ store, dispatcher, shopDomain, down, bucket: bucket.status(), flash: url.searchParams.get('flash'), error: url.searchParams.get('error'), limit: 50, offset }),
          {},
          'text/html; charset=utf-8',
        );
      }
      if (path === '/_emulator/health' && method === 'GET') return ok({ ok: true });
      if (path === '/_emulator/state' && method === 'GET') return ok(handle.state());
      if (method === 'GET' && path === '/_emulator/orders') return ok({ orders: handle.orders() });
      if (method === 'GET' && (m = /^\/_emulator\/orders\/(.+)$/.exec(path))) {
        const o = handle.findOrder(decodeURIComponent(m[1]));
        return o ? ok(o) : bad(`No order ${decodeURIComponent(m[1])}`, 404);
      }
      if (path === '/_emulator/faults' && method === 'GET') return ok({ faults: faults.list() });
      if (path === '/_emulator/faults' && method === 'DELETE') {
        faults.clear();
        return ok({ faults: [] });
      }
      if (path === '/_emulator/webhooks/subscriptions' && method === 'GET') return ok({ subscriptions: dispatcher.subscriptions });
      if (path === '/_emulator/webhooks/subscriptions' && method === 'DELETE') {
        dispatcher.removeAllSubscriptions();
        return ok({ subscriptions: [] });
      }
      if (path === '/_emulator/webhooks/faults' && method === 'GET') return ok(dispatcher.getFaults());
      if (path === '/_emulator/webhooks/faults' && method === 'DELETE') {
        dispatcher.clearFaults();
        return ok(dispatcher.getFaults());
      }
      if (path === '/_emulator/webhooks/deliveries' && method === 'GET') return ok({ deliveries: dispatcher.deliveries });
      if (path === '/_emulator/webhooks/events' && method === 'GET') return ok({ events: dispatcher.events.map(({ body: _b, ...e }) => e) });
      if (path === '/_emulator/bucket' && method === 'GET') return ok(bucket.status());
      if ((m = /^\/_emulator\/products\/([^/]+)$/.exec(path)) && method === 'DELETE') return ok(handle.deleteProduct(decodeURIComponent(m[1])));
      if (method !== 'POST') return bad(`Unknown control endpoint: ${method} ${path}`, 404);

      const parsed = await readControlBody(req);
      form = parsed.form;
      const body = parsed.body;
      if (path === '/_emulator/reset') {
        handle.reset();
        return ok({ ok: true }, 'Reset to the seed catalog.');
      }
      if (path === '/_emulator/down') {
        handle.setDown(true);
        return ok({ down: true }, 'Shopify is down: the Admin API answers 503 and webhooks are held.');
      }
      if (path === '/_emulator/up') {
        handle.setDown(false);
        return ok({ down: false }, 'Shopify is back up; held webhooks are being delivered.');
      }
      if ((m = /^\/_emulator\/variants\/([^/]+)\/price$/.exec(path))) {
        const sku = decodeURIComponent(m[1]);
        const currency = optString(body.currency) ?? 'USD';
        if (body.amount === undefined || body.amount === '') throw new ControlInputError('amount is required');
        const snap = setPrice(sku, body.amount as string | number, currency);
        return ok(snap, `${sku}: ${currency} price set to ${currency === 'EUR' ? snap.price.EUR : snap.price.USD}; products/update sent.`);
      }
      if ((m = /^\/_emulator\/inventory\/([^/]+)$/.exec(path))) {
        const sku = decodeURIComponent(m[1]);
        const hasAvailable = body.available !== undefined && body.available !== '';
        const hasDelta = body.delta !== undefined && body.delta !== '';
        if (hasAvailable === hasDelta) throw new ControlInputError('give exactly one of available or delta');
        const before = stockSnapshot(requireVariant(sku));
        const snap = hasAvailable ? setAvailable(sku, intField(body.available, 'available')) : adjustAvailable(sku, intField(body.delta, 'delta'));
        return ok(snap, snap.available === before.available ? `${sku}: available unchanged (${snap.available}); no webhook.` : `${sku}: available ${before.available} → ${snap.available}; inventory_levels/update sent.`);
      }
      if ((m = /^\/_emulator\/orders\/(.+)\/fulfill$/.exec(path))) {
        const r = fulfill(decodeURIComponent(m[1]), { number: optString(body.tracking_number), company: optString(body.tracking_company), url: optString(body.tracking_url) });
        return ok(r, `${r.order.name} fulfilled; fulfillments/create and orders/fulfilled sent.`);
      }
      if (path === '/_emulator/products') {
        const r = createProduct({
          title: String(body.title ?? ''),
          handle: optString(body.handle),
          productType: optString(body.product_type),
          vendor: optString(body.vendor),
          tags: Array.isArray(body.tags) ? body.tags.map(String) : undefined,
          variants: Array.isArray(body.variants)
            ? (body.variants as Record<string, unknown>[]).map((v) => ({
                sku: String(v.sku ?? ''),
                title: optString(v.title),
                price: v.price as string | number,
                priceEur: v.price_eur as string | number | undefined,
                available: v.available === undefined ? undefined : intField(v.available, 'available'),
              }))
            : undefined,
        });
        return ok(r, `Created ${r.handle}; products/create sent.`);
      }
      if ((m = /^\/_emulator\/products\/([^/]+)\/delete$/.exec(path))) return ok(handle.deleteProduct(decodeURIComponent(m[1])), 'Product deleted; products/delete sent.');
      if (path === '/_emulator/faults') return ok({ fault: faults.add(body as FaultRuleInput), faults: faults.list() });
      if (path === '/_emulator/webhooks/subscriptions') {
        if (typeof body.url !== 'string') throw new ControlInputError('url is required');
        const topics = Array.isArray(body.topics) ? body.topics.map(String) : undefined;
        if (body.replace === true) return ok(handle.setWebhookUrl(body.url, topics));
        return ok(handle.addWebhookSubscription({ url: body.url, topics }));
      }
      if (path === '/_emulator/webhooks/faults') {
        const f: WebhookFaults = {};
        for (const k of ['duplicate', 'reorder', 'reorderWindowMs', 'delayMs'] as const) {
          if (body[k] !== undefined) {
            const n = Number(body[k]);
            if (!Number.isFinite(n) || n < 0) throw new ControlInputError(`${k} must be a non-negative number`);
            f[k] = n;
          }
        }
        dispatcher.setFaults(f);
        if (body.paused === true) handle.pauseWebhooks();
        if (body.paused === false) handle.resumeWebhooks();
        return ok(dispatcher.getFaults());
      }
      if (path === '/_emulator/webhooks/pause') {
        handle.pauseWebhooks();
        return ok(dispatcher.getFaults());
      }
      if (path === '/_emulator/webhooks/resume') {
        handle.resumeWebhooks();
        return ok(dispatcher.getFaults());
      }
      if (path === '/_emulator/webhooks/wait') {
        const timeout = Number(url.searchParams.get('timeout_ms') ?? 10_000);
        try {
          await dispatcher.waitForIdle(timeout);
          return ok({ idle: true });
        } catch (e) {
          return bad(e instanceof Error ? e.message : String(e), 504);
        }
      }
      if ((m = /^\/_emulator\/webhooks\/events\/([^/]+)\/resend$/.exec(path))) return ok({ event_id: m[1], subscriptions: handle.resendWebhook(m[1]) });
      if (path === '/_emulator/bucket') {
        const cfg: Partial<BucketConfig> = {};
        for (const k of ['maximumAvailable', 'restoreRate'] as const) {
          if (body[k] !== undefined) {
            const n = Number(body[k]);
            if (!Number.isFinite(n) || n <= 0) throw new ControlInputError(`${k} must be a positive number`);
            cfg[k] = n;
          }
        }
        if (Object.keys(cfg).length) bucket.configure(cfg);
        if (body.drain === true) bucket.drain();
        if (body.fill === true) bucket.fill();
        return ok(bucket.status());
      }
      return bad(`Unknown control endpoint: ${method} ${path}`, 404);
    } catch (e) {
      if (e instanceof ControlInputError) return bad(e.message);
      if (e instanceof StoreError) return bad(e.message, 404);
      if (e instanceof BodyTooLarge) return bad('Request body too large', 413);
      if (e instanceof Error && /^unknown webhook topic|Invalid URL|^No such event/.test(e.message)) return bad(e.message);
      throw e;
    }
  }

  const server = createServer((req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const entry: LogEntry = { method: req.method ?? 'GET', path: url.pathname, status: 0 };
    const work = url.pathname.startsWith('/admin/api/')
      ? handleAdminApi(req, res, url, entry)
      : url.pathname === '/_emulator' || url.pathname.startsWith('/_emulator/')
        ? handleControl(req, res, url, entry)
        : Promise.resolve(void ((entry.status = 404), send(res, 404, json({ errors: 'Not Found' }))));
    work
      .catch((e: unknown) => {
        log(JSON.stringify({ kind: 'internal_error', path: url.pathname, error: e instanceof Error ? e.stack : String(e) }));
        entry.status = 500;
        send(res, 500, json({ errors: 'Internal Server Error (Shopify emulator)' }));
      })
      .finally(() => log(JSON.stringify({ kind: 'request', ts: new Date(started).toISOString(), ...entry, ms: Date.now() - started })));
  });
  server.keepAliveTimeout = 5_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const handle: ShopifyEmulator = {
    url: baseUrl,
    port,
    shopDomain,
    accessToken: opts.accessToken ?? DEFAULT_ACCESS_TOKEN,
    apiSecret,
    locationId: store.location.id,
    store,
    graphqlUrl: (version) => `${baseUrl}/admin/api/${version}/graphql.json`,
    async close() {
      dispatcher.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
    },
    reset() {
      generation++;
      store.reset();
      idempotency.clear();
      faults.clear();
      bucket.configure(bucketConfig);
      bucket.fill();
      dispatcher.reset();
      dispatcher.removeAllSubscriptions(false);
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
    setPrice: (sku, amount, currency = 'USD') => setPrice(sku, amount, currency),
    setAvailable,
    adjustAvailable,
    stock: (sku) => stockSnapshot(requireVariant(sku)),
    fulfill,
    createProduct,
    deleteProduct(handleOrId) {
      const p = store.deleteProduct(handleOrId);
      return { product_id: p.id };
    },
    orders: () => [...store.orders.values()].map(orderSummary),
    findOrder(ref) {
      const o = store.findOrder(ref);
      return o ? orderSummary(o) : null;
    },
    setDown(value) {
      down = value;
      syncPause();
    },
    isDown: () => down,
    setFaults: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    setWebhookFaults: (f) => dispatcher.setFaults(f),
    clearWebhookFaults: () => dispatcher.clearFaults(),
    pauseWebhooks() {
      userPaused = true;
      syncPause();
    },
    resumeWebhooks() {
      userPaused = false;
      syncPause();
    },
    addWebhookSubscription: (input) => dispatcher.addSubscription(input),
    setWebhookUrl(target, topics) {
      dispatcher.removeAllSubscriptions();
      return target ? dispatcher.addSubscription({ url: target, topics: topics ?? DEFAULT_WEBHOOK_TOPICS }, true) : null;
    },
    waitForWebhooks: (timeoutMs) => dispatcher.waitForIdle(timeoutMs),
    webhookDeliveries: () => dispatcher.deliveries.slice(),
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
