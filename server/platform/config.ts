// The one place environment variables are read and validated (zod). Everything else imports
// `loadConfig()` / `config`. A bad or missing variable stops start-up with a message naming it.
import fs from 'node:fs';
import { z } from 'zod';

const LOCAL_SESSION_SECRET = 'local-only-session-secret-change-me-in-production';

const envShape = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DOTSHOP_MODE: z.enum(['local', 'production']).default('local'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REGION: z.string().min(1).default('local'),
  PRIMARY_REGION: z.string().min(1).default('local'),
  // Where each region's web tier answers inside the network, `us-east=http://…,eu-west=http://…`
  // (issue 12, ADR 024). A region that is not PRIMARY_REGION forwards its writes (non-GET requests)
  // to the primary region's web tier instead of running their transactions across the WAN.
  REGION_URLS: z
    .string()
    .regex(/^\s*[a-z0-9-]+=https?:\/\/[^,\s]+(\s*,\s*[a-z0-9-]+=https?:\/\/[^,\s]+)*\s*$/, 'must be region=url pairs separated by commas')
    .optional(),
  // `forward` (default): writes go to the primary region's web tier; `direct`: this region runs them
  // against the primary database itself, across the WAN (measured in ADR 024, kept as a fallback).
  WRITE_PATH: z.enum(['forward', 'direct']).default('forward'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  // A regional replica further behind than this is not read (reads go to the primary; /readyz: degraded).
  REPLICA_MAX_LAG_SECONDS: z.coerce.number().min(0.1).default(30),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  // 1 = the primary's statements are named prepared statements (ADR 014); 0 behind a transaction-mode pooler.
  DATABASE_PREPARED_STATEMENTS: z.enum(['0', '1']).default('1'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  EMBEDDED_PG_DIR: z.string().default('.data/postgres'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ADMIN_EMAIL: z.email().default('owner@dotshop.local'),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  ADMIN_SIGNIN_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
  // Order lookups (number + email) per address per 10 minutes.
  ORDER_LOOKUP_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  // How many proxies in front of the web process append to X-Forwarded-For (CloudFront + ALB = 2).
  // Only that many hops are believed: a client's own X-Forwarded-For never picks its address.
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  LOCAL_DB_NAME: z.string().regex(/^[a-z0-9_]+$/).default('dotshop'),
  LOCAL_DB_RESET: z.enum(['0', '1']).default('0'),
  STRIPE_SECRET_KEY: z.string().regex(/^sk_(test|live)_/, 'must be a Stripe secret key (sk_test_… or sk_live_…)').default('sk_test_dotshop_local_emulator'),
  // Where the Stripe SDK sends requests: the local emulator in local mode; unset = api.stripe.com.
  STRIPE_API_BASE: z.url().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(8).default('whsec_dotshop_local_emulator'),
  STRIPE_EMULATOR_PORT: z.coerce.number().int().min(1).max(65535).default(12111),
  // The local Stripe emulator keeps its account here across restarts (LOCAL_DB_RESET=1 clears it).
  STRIPE_EMULATOR_STATE_FILE: z.string().default('.data/stripe-emulator.json'),
  // Per-request timeout of Stripe calls: a checkout answers within a few seconds even when Stripe
  // hangs (the order is placed and its payment is confirmed in the background).
  STRIPE_TIMEOUT_MS: z.coerce.number().int().min(500).max(80_000).default(4000),
  // Shopify Admin API (a custom app). In local mode the SDK's requests go to emulators/shopify on
  // SHOPIFY_EMULATOR_PORT unless SHOPIFY_API_BASE points somewhere else; in production leave it unset.
  SHOPIFY_SHOP_DOMAIN: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, 'must be <shop>.myshopify.com').default('dotshop-dev.myshopify.com'),
  SHOPIFY_ACCESS_TOKEN: z.string().min(1).default('shpat_dotshop_local_emulator'),
  SHOPIFY_API_KEY: z.string().min(1).default('dotshop-local-app'),
  SHOPIFY_API_SECRET: z.string().min(8).default('shpss_dotshop_emulator'),
  SHOPIFY_API_BASE: z.url().optional(),
  SHOPIFY_EMULATOR_PORT: z.coerce.number().int().min(1).max(65535).default(12121),
  // The CloudFront distribution whose pages sync events invalidate (production; local mode records purges).
  CDN_DISTRIBUTION_ID: z.string().min(1).optional(),
  CHECKOUT_PAYMENT_TIMEOUT_SECONDS: z.coerce.number().int().min(30).default(900),
  METRICS_TOKEN: z.string().min(16).optional(),
  // ISR at the origin (ADR 027): rendered catalog pages kept in each web process, LRU-bounded by
  // bytes (0 = off), fresh for ISR_FRESH_SECONDS, then served stale for up to ISR_STALE_SECONDS
  // while one background render replaces them. Sync purges (LISTEN/NOTIFY) drop pages at once.
  ISR_MAX_BYTES: z.coerce.number().int().min(0).max(4 * 1024 ** 3).default(64 * 1024 * 1024),
  ISR_FRESH_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  ISR_STALE_SECONDS: z.coerce.number().int().min(0).max(604_800).default(86_400),
  // Traces (ADR 023): `on` keeps the last traces in memory for /admin/traces and, with an OTLP
  // endpoint, exports them too; `off` starts nothing.
  DOTSHOP_TRACING: z.enum(['on', 'off']).default('on'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
});

const schema = envShape.superRefine((env, ctx) => {
  if (env.DOTSHOP_MODE === 'production') {
    if (!env.DATABASE_URL) ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required in production mode' });
    if (!env.SESSION_SECRET || env.SESSION_SECRET === LOCAL_SESSION_SECRET)
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'must be set to a private value in production mode' });
    // /metrics is never open to the internet in production: Prometheus scrapes it with this token.
    if (!env.METRICS_TOKEN) ctx.addIssue({ code: 'custom', path: ['METRICS_TOKEN'], message: 'is required in production mode (/metrics answers only with it)' });
  }
});

/** Every variable this module reads (.env.example must list them all; a test checks). */
export const configVariableNames = Object.keys(envShape.shape) as readonly string[];

export type Config = Omit<z.infer<typeof schema>, 'SESSION_SECRET' | 'ADMIN_PASSWORD' | 'PUBLIC_URL'> & {
  PUBLIC_URL: string;
  useStripeEmulator: boolean;
  useShopifyEmulator: boolean;
  SESSION_SECRET: string;
  ADMIN_PASSWORD: string;
  isLocal: boolean;
};

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(
      `Invalid environment configuration:\n${lines.join('\n')}\nSee .env.example for every variable and a safe local value.`,
    );
  }
  const c = result.data;
  return {
    ...c,
    STRIPE_API_BASE: c.STRIPE_API_BASE ?? (c.DOTSHOP_MODE === 'local' ? `http://127.0.0.1:${c.STRIPE_EMULATOR_PORT}` : undefined),
    // Local mode runs emulators/stripe unless STRIPE_API_BASE points somewhere else.
    useStripeEmulator: c.DOTSHOP_MODE === 'local' && !c.STRIPE_API_BASE,
    SHOPIFY_API_BASE: c.SHOPIFY_API_BASE ?? (c.DOTSHOP_MODE === 'local' ? `http://127.0.0.1:${c.SHOPIFY_EMULATOR_PORT}` : undefined),
    // Local mode runs emulators/shopify unless SHOPIFY_API_BASE points somewhere else.
    useShopifyEmulator: c.DOTSHOP_MODE === 'local' && !c.SHOPIFY_API_BASE,
    PUBLIC_URL: c.PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    SESSION_SECRET: c.SESSION_SECRET ?? LOCAL_SESSION_SECRET,
    // Local mode gets a known owner password so `npm start` can print it; production has no default.
    ADMIN_PASSWORD: c.ADMIN_PASSWORD ?? (c.DOTSHOP_MODE === 'local' ? 'dotshop-local-owner' : ''),
    isLocal: c.DOTSHOP_MODE === 'local',
  };
}

let cached: Config | undefined;

/** Reads `.env` (if present) once, then validates process.env. */
export function loadConfig(): Config {
  if (cached) return cached;
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  cached = parseConfig(process.env);
  return cached;
}

/** Values the browser may see. Nothing else from the config is ever serialised to the client. */
export function publicEnv(config: Config) {
  return { REGION: config.REGION, MODE: config.DOTSHOP_MODE };
}
