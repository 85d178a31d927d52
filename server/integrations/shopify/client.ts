// The one Shopify client. The real `@shopify/shopify-api` (v15, web-api adapter) for the Admin
// GraphQL API and for webhook HMAC checks. With SHOPIFY_API_BASE set (local mode: emulators/shopify)
// the SDK's https://<shop>/admin/api/… requests are rewritten to that base; unset, the same code
// talks to Shopify. THROTTLED answers are waited out using `extensions.cost.throttleStatus`.
import '@shopify/shopify-api/adapters/web-api';
import { ApiVersion, GraphqlQueryError, LogSeverity, shopifyApi, type WebhookValidation } from '@shopify/shopify-api';
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';
import type { Config } from '../../platform/config';

/** The Admin API version DotShop pins. */
export const SHOPIFY_API_VERSION = ApiVersion.April26;

export type ShopifyConfig = Pick<Config, 'SHOPIFY_SHOP_DOMAIN' | 'SHOPIFY_ACCESS_TOKEN' | 'SHOPIFY_API_KEY' | 'SHOPIFY_API_SECRET'> & {
  SHOPIFY_API_BASE?: string | undefined;
};

/** The throttle report Shopify attaches to every response (also to THROTTLED errors). */
export interface ShopifyCost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

export interface GraphqlOptions {
  /** THROTTLED answers waited out before giving up (default 30). */
  maxThrottleWaits?: number;
  /** Called before each wait. */
  onThrottled?: (cost: ShopifyCost, waitMs: number) => void;
  /** SDK retries for 429/5xx answers (default 0: the caller's job retries). */
  retries?: number;
}

export interface ShopifyClient {
  shopDomain: string;
  apiVersion: ApiVersion;
  /** One Admin GraphQL request; throws ShopifyGraphqlError for GraphQL errors other than THROTTLED. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, opts?: GraphqlOptions): Promise<{ data: T; cost: ShopifyCost | null }>;
  /** HMAC check of a webhook with the raw body (never re-serialised JSON). */
  validateWebhook(request: Request, rawBody: string): Promise<WebhookValidation>;
}

export class ShopifyGraphqlError extends Error {
  constructor(
    message: string,
    readonly errors: unknown,
    readonly cost: ShopifyCost | null,
  ) {
    super(message);
    this.name = 'ShopifyGraphqlError';
  }
}

// Shop domain → base URL (http://127.0.0.1:<port>). The SDK captures its fetch when a client is
// built, so the rewriting fetch is installed once, before any client exists.
const routes = new Map<string, string>();
let fetchInstalled = false;

function routeShop(shopDomain: string, baseUrl: string) {
  routes.set(shopDomain.toLowerCase(), baseUrl.replace(/\/$/, ''));
  if (fetchInstalled) return;
  fetchInstalled = true;
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

function errorBody(err: GraphqlQueryError) {
  return err.body as { errors?: { graphQLErrors?: { message?: string; extensions?: { code?: string } }[] }; extensions?: { cost?: ShopifyCost } } | undefined;
}

/** The cost report of a THROTTLED error, or null for any other error. */
export function throttledCost(err: unknown): ShopifyCost | null {
  if (!(err instanceof GraphqlQueryError)) return null;
  const body = errorBody(err);
  const throttled = body?.errors?.graphQLErrors?.some((e) => e.extensions?.code === 'THROTTLED');
  return throttled ? (body?.extensions?.cost ?? null) : null;
}

/** How long until the bucket can pay for the request again. */
export function throttleWaitMs(cost: ShopifyCost): number {
  const missing = cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable;
  return Math.max(0, Math.ceil((missing / Math.max(cost.throttleStatus.restoreRate, 1)) * 1000));
}

export function createShopifyClient(config: ShopifyConfig, opts: { log?: (severity: LogSeverity, message: string) => void } = {}): ShopifyClient {
  const shopDomain = config.SHOPIFY_SHOP_DOMAIN;
  if (config.SHOPIFY_API_BASE) routeShop(shopDomain, config.SHOPIFY_API_BASE);
  const shopify = shopifyApi({
    apiKey: config.SHOPIFY_API_KEY,
    apiSecretKey: config.SHOPIFY_API_SECRET,
    adminApiAccessToken: config.SHOPIFY_ACCESS_TOKEN,
    isCustomStoreApp: true,
    isEmbeddedApp: false,
    hostName: 'localhost',
    hostScheme: 'http',
    apiVersion: SHOPIFY_API_VERSION,
    logger: { level: LogSeverity.Warning, log: async (severity, message) => opts.log?.(severity, message) },
  });
  const session = shopify.session.customAppSession(shopDomain);
  const client = new shopify.clients.Graphql({ session });

  return {
    shopDomain,
    apiVersion: SHOPIFY_API_VERSION,
    async graphql<T>(query: string, variables?: Record<string, unknown>, o: GraphqlOptions = {}) {
      const maxWaits = o.maxThrottleWaits ?? 30;
      for (let waits = 0; ; waits++) {
        try {
          const res = await client.request<T>(query, { variables, retries: o.retries ?? 0 });
          const cost = (res.extensions as { cost?: ShopifyCost } | undefined)?.cost ?? null;
          return { data: res.data as T, cost };
        } catch (err) {
          const cost = throttledCost(err);
          if (cost && waits < maxWaits) {
            const wait = throttleWaitMs(cost) + 10;
            o.onThrottled?.(cost, wait);
            await new Promise((r) => setTimeout(r, wait));
            continue;
          }
          if (err instanceof GraphqlQueryError) {
            const body = errorBody(err);
            throw new ShopifyGraphqlError(err.message, body?.errors, body?.extensions?.cost ?? cost);
          }
          throw err;
        }
      }
    },
    validateWebhook(request: Request, rawBody: string) {
      return shopify.webhooks.validate({ rawBody, rawRequest: request });
    },
  };
}
