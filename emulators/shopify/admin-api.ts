// The Admin API endpoint `POST /admin/api/<version>/graphql.json`: the version and access-token
// checks, "down" (503), injected faults, and the GraphQL execution itself (graphql-endpoint.ts),
// answered with X-Request-Id and X-Shopify-API-Version.
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type GraphQLSchema } from 'graphql';
import { dropIfAsked, type FaultAction } from '../kit/faults';
import { BodyTooLarge, readBody, send, sleep } from '../kit/http';
import { type LeakyBucket } from './cost';
import { type Faults } from './faults';
import { runGraphql } from './graphql-endpoint';
import { uuid } from './ids';
import { type IdempotencyEntry } from './schema';
import { type ShopifyStore } from './store/core';

/** Oldest Admin API version the emulator serves. */
export const OLDEST_API_VERSION = '2026-01';

/** What the request log says about a request. */
export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  operation?: string | null;
  cost?: unknown;
  throttled?: boolean;
  fault?: string;
}

export interface AdminApiOptions {
  schema: GraphQLSchema;
  store: ShopifyStore;
  bucket: LeakyBucket;
  shopDomain: string;
  idempotency: Map<string, IdempotencyEntry>;
  faults: Faults;
  /** Accept only this token (default: any non-empty one). */
  accessToken?: string;
  isDown(): boolean;
  /** Bumped by reset(): a request already in flight is not executed against the new state. */
  generation(): number;
}

/** Shopify answers compact JSON. */
export const json = (v: unknown) => JSON.stringify(v);

function validVersion(version: string): boolean {
  return version === 'unstable' || (/^\d{4}-(01|04|07|10)$/.test(version) && version >= OLDEST_API_VERSION);
}

const DOWN = { errors: 'Service Unavailable (the Shopify emulator is down: POST /_emulator/up)' };

export function adminApiHandler(o: AdminApiOptions) {
  return async function handleAdminApi(req: IncomingMessage, res: ServerResponse, url: URL, entry: RequestLogEntry): Promise<void> {
    const m = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(url.pathname);
    const requestId = uuid();
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      send(res, status, json(body), { 'X-Request-Id': requestId, ...headers }, 'application/json; charset=utf-8');
    };
    // An injected failure in place of the answer (`before`: nothing ran; `after`: it ran).
    const applyFault = (action: FaultAction<unknown>, note: string) => {
      if (dropIfAsked(action, entry, req.socket) || action.kind !== 'fail') return;
      reply(action.status, { errors: `HTTP ${action.status} injected by the Shopify emulator${note}` });
    };
    if (!m) return reply(404, { errors: 'Not Found' });
    const version = m[1];
    if (!validVersion(version)) return reply(404, { errors: `Not Found (the Shopify emulator serves Admin API versions ${OLDEST_API_VERSION} and later, and unstable)` });
    if (req.method !== 'POST') return reply(405, { errors: 'Method Not Allowed (POST a GraphQL document)' }, { Allow: 'POST' });
    const token = req.headers['x-shopify-access-token'];
    if (typeof token !== 'string' || !token || (o.accessToken !== undefined && token !== o.accessToken)) {
      return reply(401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    }
    if (o.isDown()) return reply(503, DOWN);
    let raw: string;
    try {
      raw = await readBody(req);
    } catch (e) {
      if (e instanceof BodyTooLarge) return reply(413, { errors: 'Request body too large' });
      throw e;
    }
    const startedIn = o.generation();
    const fault = o.faults.take(raw);
    if (fault.latencyMs) await sleep(fault.latencyMs);
    if (fault.action?.phase === 'before') return applyFault(fault.action, '');
    if (o.isDown()) return reply(503, DOWN);
    if (startedIn !== o.generation()) return reply(503, { errors: 'The Shopify emulator was reset while this request was in flight; it was not executed.' });
    const result = await runGraphql({ schema: o.schema, store: o.store, bucket: o.bucket, shopDomain: o.shopDomain, idempotency: o.idempotency }, raw, String(req.headers['content-type'] ?? 'application/json'), version);
    entry.operation = result.operation;
    entry.throttled = result.throttled || undefined;
    entry.cost = (result.body as { extensions?: { cost?: unknown } }).extensions?.cost;
    if (fault.action?.phase === 'after') return applyFault(fault.action, ' (the request was executed)');
    reply(result.status, result.body, { 'X-Shopify-API-Version': version });
  };
}
