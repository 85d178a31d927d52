// What every Remix loader/action receives as `context`: the request id, a request-scoped logger,
// the database handles, the validated config and the Stripe and Shopify clients (built once per
// process, carried here as Hydrogen's lib/context.ts does). Built per request by server/web/http.ts.
import type { Databases } from '../../db/client';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Outbox } from './outbox';
import type { ShopifyClient } from '../integrations/shopify/client';
import type { Stripe } from '../integrations/stripe/client';

/** What the admin dashboard and /readyz show of a region's replica. */
export type ReplicaStatus = { region: string; healthy: boolean; lagSeconds: number | null; lagBytes: number | null; error: string | null };

export type AppContext = {
  requestId: string;
  /** This response's Content-Security-Policy nonce (server/web/security-headers.ts); '' outside Express. */
  cspNonce?: string;
  /** This region's read replica as its monitor last saw it (null: the region reads the primary). */
  replicaStatus?: () => ReplicaStatus | null;
  /** Set while handling the request when the database could not be reached (the page answers a calm 503). */
  databaseUnavailable?: boolean;
  logger: Logger;
  db: Databases;
  config: Config;
  clientIp: string;
  outbox: Outbox;
  stripe: Stripe;
  shopify: ShopifyClient;
};

declare module '@remix-run/node' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends AppContext {}
}
