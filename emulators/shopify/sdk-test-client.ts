// How the app reaches the Shopify emulator with the real `@shopify/shopify-api` (v15), and how it
// verifies the emulator's webhooks — the pattern to copy into the app, used by this folder's tests.
//
//   1. Import the web-api adapter (Remix `Request`s), then replace the SDK's fetch with one that
//      rewrites `https://<shop>/admin/api/…` to the emulator's `http://127.0.0.1:<port>/admin/api/…`.
//      The Admin GraphQL client always builds https URLs from the shop domain and captures the fetch
//      function when it is constructed, so `setAbstractFetchFunc` must run before the client is built.
//   2. `shopifyApi({ isCustomStoreApp: true, adminApiAccessToken, apiSecretKey, … })` + a custom app
//      session for the shop → `new shopify.clients.Graphql({ session })`.
//   3. Webhooks: `shopify.webhooks.validate({ rawBody, rawRequest })` with the raw body (a string,
//      never re-serialized JSON) and a web `Request` carrying the headers.
import '@shopify/shopify-api/adapters/web-api';
import { type IncomingHttpHeaders } from 'node:http';
import { ApiVersion, GraphqlQueryError, LogSeverity, type Session, shopifyApi, type WebhookValidation } from '@shopify/shopify-api';
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';
import { startRecorder } from '../kit/testing';
import type { ShopifyEmulator } from './server';

export { waitFor } from '../kit/testing';

/** The API version the app pins (any 2026-01+ ApiVersion works against the emulator). */
export const DEFAULT_TEST_API_VERSION = ApiVersion.April26;

/** Shop domain → emulator base URL. Shops not listed go to the real network untouched. */
const routes = new Map<string, string>();
let installed = false;

/**
 * Route the SDK's requests for `shopDomain` to `baseUrl` (http://127.0.0.1:<port>). Installs the
 * rewriting fetch on first use. In the app this is one env var, e.g. SHOPIFY_ADMIN_API_BASE_URL,
 * read once at start-up before the GraphQL client is created.
 */
export function routeShopToEmulator(shopDomain: string, baseUrl: string): void {
  routes.set(shopDomain.toLowerCase(), baseUrl.replace(/\/$/, ''));
  if (installed) return;
  installed = true;
  const realFetch = globalThis.fetch;
  setAbstractFetchFunc(async (input, init) => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(href);
    const base = url.protocol === 'https:' ? routes.get(url.host.toLowerCase()) : undefined;
    if (!base) return realFetch(input, init);
    const target = `${base}${url.pathname}${url.search}`;
    return input instanceof Request ? realFetch(new Request(target, input), init) : realFetch(target, init);
  });
}

export interface EmulatorShopifyOptions {
  apiVersion?: ApiVersion;
  /** Defaults to the emulator's (so its webhooks validate). */
  apiSecretKey?: string;
  /** Defaults to the emulator's. */
  accessToken?: string;
  /** SDK log lines (default: dropped). */
  log?: (severity: LogSeverity, message: string) => void;
}

/** A configured SDK, a session for the emulator's shop, and its Admin GraphQL client. */
export function createEmulatorShopify(emu: ShopifyEmulator, opts: EmulatorShopifyOptions = {}) {
  routeShopToEmulator(emu.shopDomain, emu.url);
  const shopify = shopifyApi({
    apiKey: 'dotshop-emulator-app',
    apiSecretKey: opts.apiSecretKey ?? emu.apiSecret,
    adminApiAccessToken: opts.accessToken ?? emu.accessToken,
    isCustomStoreApp: true,
    isEmbeddedApp: false,
    hostName: 'localhost:3000',
    hostScheme: 'http',
    apiVersion: opts.apiVersion ?? DEFAULT_TEST_API_VERSION,
    logger: { level: LogSeverity.Warning, log: async (severity, message) => opts.log?.(severity, message) },
  });
  const session: Session = shopify.session.customAppSession(emu.shopDomain);
  const client = new shopify.clients.Graphql({ session });
  return { shopify, session, client };
}

export type EmulatorShopify = ReturnType<typeof createEmulatorShopify>;

/** The throttle report Shopify attaches to every response (also on THROTTLED errors). */
export interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

/** The SDK throws GraphqlQueryError for any `errors` in a 200 response; THROTTLED is one of them. */
export function throttledCost(err: unknown): CostExtension | null {
  if (!(err instanceof GraphqlQueryError)) return null;
  const body = err.body as { errors?: { graphQLErrors?: { extensions?: { code?: string } }[] }; extensions?: { cost?: CostExtension } } | undefined;
  const throttled = body?.errors?.graphQLErrors?.some((e) => e.extensions?.code === 'THROTTLED');
  return throttled ? (body?.extensions?.cost ?? null) : null;
}

/** How long to wait before the bucket can pay for the request again. */
export function throttleWaitMs(cost: CostExtension): number {
  const missing = cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable;
  return Math.max(0, Math.ceil((missing / cost.throttleStatus.restoreRate) * 1000));
}

/**
 * `client.request` that respects THROTTLED: waits (requested − available) / restoreRate and tries
 * again. The pattern a backfill job should follow.
 */
export async function requestRespectingThrottle<T>(
  client: EmulatorShopify['client'],
  query: string,
  variables?: Record<string, unknown>,
  opts: { maxAttempts?: number; onThrottled?: (cost: CostExtension, waitMs: number) => void } = {},
): Promise<{ data: T; extensions: { cost: CostExtension } }> {
  const maxAttempts = opts.maxAttempts ?? 20;
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await client.request<T>(query, { variables });
      return { data: res.data as T, extensions: res.extensions as { cost: CostExtension } };
    } catch (e) {
      const cost = throttledCost(e);
      if (!cost || attempt >= maxAttempts) throw e;
      const wait = throttleWaitMs(cost);
      opts.onThrottled?.(cost, wait);
      await new Promise((r) => setTimeout(r, wait + 10));
    }
  }
}

export interface ReceivedWebhook {
  body: string;
  headers: IncomingHttpHeaders;
  validation: WebhookValidation;
  status: number;
  at: number;
}

/** Headers as a web `Request` carries them (what `shopify.webhooks.validate` reads). */
function webHeaders(headers: IncomingHttpHeaders): Headers {
  const out = new Headers();
  for (const [k, v] of Object.entries(headers)) if (typeof v === 'string') out.set(k, v);
  return out;
}

/**
 * A tiny webhook receiver that verifies every delivery with `shopify.webhooks.validate` — as a Remix
 * action would: `const rawBody = await request.text(); await shopify.webhooks.validate({ rawBody, rawRequest: request })`.
 * `respond` picks the status (default: 200 when valid, 401 when not — Shopify's advice).
 */
export async function startWebhookReceiver(shopify: EmulatorShopify['shopify'], respond: (n: number, w: Omit<ReceivedWebhook, 'status'>) => number = (_n, w) => (w.validation.valid ? 200 : 401)) {
  let n = 0;
  const receiver = await startRecorder<ReceivedWebhook>('/webhooks/shopify', async (rawBody, req) => {
    const rawRequest = new Request(`http://127.0.0.1${req.url ?? '/'}`, { method: 'POST', headers: webHeaders(req.headers), body: rawBody });
    const validation = await shopify.webhooks.validate({ rawBody, rawRequest });
    const partial = { body: rawBody, headers: req.headers, validation, at: Date.now() };
    const status = respond(++n, partial);
    return { status, record: { ...partial, status } };
  });
  return {
    ...receiver,
    /** Validate an arbitrary body + headers (e.g. a tampered copy) the same way. */
    validate: (rawBody: string, hdrs: IncomingHttpHeaders) =>
      shopify.webhooks.validate({ rawBody, rawRequest: new Request('http://127.0.0.1/webhooks/shopify', { method: 'POST', headers: webHeaders(hdrs), body: rawBody }) }),
  };
}
