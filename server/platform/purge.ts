// Storefront cache purges by surrogate key. Catalog pages carry `Surrogate-Key` headers
// (cache-headers.ts); a sync event purges exactly the keys it changed through a PurgeAdapter:
// - CloudFront (production): builds the CreateInvalidation request for the pages behind the keys
//   and hands it to a sender. Without a sender it only logs the request: no network is used here.
// - Local: an in-process record of purged keys, shown at GET /_local/purges in local mode.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface PurgeAdapter {
  purge(keys: string[]): Promise<void>;
}

/** Unique, sorted keys (the order a purge is logged and recorded in). */
export function normaliseKeys(keys: Iterable<string>): string[] {
  return [...new Set(keys)].filter(Boolean).sort();
}

/**
 * The URL prefix of each market's catalog pages (ADR 022): US pages have none, EU pages `/eu`.
 * Platform code cannot import the catalog module, so the list is stated here and a test holds it
 * to `server/modules/catalog/markets.ts`.
 */
export const MARKET_PATH_PREFIXES: readonly string[] = ['', '/eu'];

/** The sitemap lists every product and category with its lastmod: any change to one purges it. */
export const SITEMAP_PATH = '/sitemap.xml';

/** The paths a surrogate key stands for (CloudFront invalidates paths, not tags), in every market. */
export function pathsForKey(key: string): string[] {
  const inEveryMarket = (path: string) => MARKET_PATH_PREFIXES.map((prefix) => (path === '/' ? prefix || '/' : `${prefix}${path}`));
  if (key === 'home') return inEveryMarket('/');
  if (key === 'search') return [...inEveryMarket('/search*'), '/api/v1/products*'];
  if (key === 'sitemap') return [SITEMAP_PATH];
  const [kind, handle] = key.split(':', 2);
  // Link-preview images (/og/products/<handle>.png, /og/collections/<handle>.png) show the art: purged with it.
  if (kind === 'product' && handle) return [...inEveryMarket(`/products/${handle}*`), `/og/products/${handle}.png`, `/api/v1/products/${handle}*`, SITEMAP_PATH];
  if (kind === 'category' && handle) return [...inEveryMarket(`/collections/${handle}*`), `/og/collections/${handle}.png`, '/api/v1/products*', SITEMAP_PATH];
  return [];
}

export type CloudFrontInvalidationRequest = {
  method: 'POST';
  url: string;
  body: { DistributionId: string; InvalidationBatch: { CallerReference: string; Paths: { Quantity: number; Items: string[] } } };
  surrogateKeys: string[];
};

export function buildCloudFrontInvalidation(distributionId: string, keys: string[], callerReference = randomUUID()): CloudFrontInvalidationRequest {
  const items = [...new Set(normaliseKeys(keys).flatMap(pathsForKey))].sort();
  return {
    method: 'POST',
    url: `https://cloudfront.amazonaws.com/2020-05-31/distribution/${encodeURIComponent(distributionId)}/invalidation`,
    body: { DistributionId: distributionId, InvalidationBatch: { CallerReference: callerReference, Paths: { Quantity: items.length, Items: items } } },
    surrogateKeys: normaliseKeys(keys),
  };
}

export function createCloudFrontPurgeAdapter(opts: {
  distributionId: string;
  log: (msg: string, data: object) => void;
  /** Signs and sends the request (SigV4). Not provided here: without it the request is only logged. */
  send?: (req: CloudFrontInvalidationRequest) => Promise<void>;
}): PurgeAdapter & { built: CloudFrontInvalidationRequest[] } {
  const built: CloudFrontInvalidationRequest[] = [];
  return {
    built,
    async purge(keys) {
      if (!keys.length) return;
      const req = buildCloudFrontInvalidation(opts.distributionId, keys);
      built.push(req);
      opts.log('cloudfront invalidation', { url: req.url, paths: req.body.InvalidationBatch.Paths.Items, surrogateKeys: req.surrogateKeys });
      if (opts.send) await opts.send(req);
    },
  };
}

export type LocalPurge = { at: string; keys: string[] };

/** The local adapter: remembers every purge (newest last, bounded). */
export function createLocalPurgeAdapter(limit = 1000): PurgeAdapter & { purges: () => LocalPurge[]; purgedKeys: () => string[]; clear: () => void } {
  const log: LocalPurge[] = [];
  return {
    async purge(keys) {
      const k = normaliseKeys(keys);
      if (!k.length) return;
      log.push({ at: new Date().toISOString(), keys: k });
      if (log.length > limit) log.splice(0, log.length - limit);
    },
    purges: () => [...log],
    purgedKeys: () => log.flatMap((p) => p.keys),
    clear: () => void log.splice(0),
  };
}

/** Where the local adapter also appends its purges, so the web process can show the worker's. */
export const LOCAL_PURGE_LOG = '.data/local-purges.jsonl';

/** The local adapter, also appending each purge as a JSON line to `file`. */
export function createLocalFilePurgeAdapter(file = LOCAL_PURGE_LOG) {
  const mem = createLocalPurgeAdapter();
  return {
    ...mem,
    async purge(keys: string[]) {
      const k = normaliseKeys(keys);
      if (!k.length) return;
      await mem.purge(k);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.appendFile(file, `${JSON.stringify({ at: new Date().toISOString(), keys: k })}\n`);
    },
  };
}

/** The newest `limit` purges recorded by local adapters (GET /_local/purges). */
export async function readLocalPurges(file = LOCAL_PURGE_LOG, limit = 200): Promise<LocalPurge[]> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .slice(-limit)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as LocalPurge];
      } catch {
        return [];
      }
    });
}

/** Local mode: the file-backed local adapter. Otherwise CloudFront (request built and logged). */
export function createPurgeAdapterForConfig(config: { isLocal: boolean; CDN_DISTRIBUTION_ID?: string | undefined }, log: (msg: string, data: object) => void): PurgeAdapter {
  if (config.isLocal) return createLocalFilePurgeAdapter();
  return createCloudFrontPurgeAdapter({ distributionId: config.CDN_DISTRIBUTION_ID ?? 'unset', log });
}

// ---------------------------------------------------------------------------------------------
// Every web process's in-memory page cache (ISR at the origin, ADR 027) hears purges through
// Postgres LISTEN/NOTIFY on the primary: the worker applies a sync event, commits, then purges;
// the notifying adapter sends the keys on this channel after (and only after) that commit, and each
// web process drops the pages tagged with them. NOTIFY payloads are limited to 8000 bytes: a long
// list of keys goes in several notifications.

export const PURGE_CHANNEL = 'dotshop_storefront_purge';
const MAX_NOTIFY_PAYLOAD = 7000;

/**
 * The NOTIFY payloads for a purge of `keys` (JSON `{"keys":[…],"lsn":"X/Y"}`, each under the
 * payload limit). `lsn`: the primary's WAL position after the change the purge is for committed.
 */
export function purgePayloads(keys: Iterable<string>, lsn?: string | null): string[] {
  const payloads: string[] = [];
  let batch: string[] = [];
  let size = 0;
  const payload = (k: string[]) => JSON.stringify(lsn ? { keys: k, lsn } : { keys: k });
  for (const key of normaliseKeys(keys)) {
    if (size + key.length + 3 > MAX_NOTIFY_PAYLOAD && batch.length) {
      payloads.push(payload(batch));
      batch = [];
      size = 0;
    }
    batch.push(key);
    size += key.length + 3;
  }
  if (batch.length) payloads.push(payload(batch));
  return payloads;
}

/** Keys and position from a NOTIFY payload; anything malformed is an empty list (never a throw in the listener). */
export function purgeFromPayload(payload: string): { keys: string[]; lsn: string | null } {
  try {
    const parsed = JSON.parse(payload) as { keys?: unknown; lsn?: unknown };
    const keys = Array.isArray(parsed.keys) ? parsed.keys.filter((k): k is string => typeof k === 'string' && k.length > 0 && k.length <= 200) : [];
    const lsn = typeof parsed.lsn === 'string' && /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i.test(parsed.lsn) ? parsed.lsn : null;
    return { keys, lsn };
  } catch {
    return { keys: [], lsn: null };
  }
}

type NotifySql = {
  notify: (channel: string, payload: string) => PromiseLike<unknown>;
  /** The primary's WAL position now (sent with each purge: see OriginCache.fillFloorLsn). */
  unsafe?: (query: string) => PromiseLike<readonly Record<string, unknown>[]>;
};

/** Wraps an adapter (CDN or local record) so each purge also reaches every web process's page cache. */
export function createNotifyingPurgeAdapter(sql: NotifySql, inner: PurgeAdapter): PurgeAdapter {
  return {
    async purge(keys) {
      const k = normaliseKeys(keys);
      if (!k.length) return;
      // After the change committed: a regional replica that has replayed this far has it.
      const lsn = sql.unsafe ? String((await sql.unsafe('select pg_current_wal_lsn()::text as lsn'))[0]?.lsn ?? '') || null : null;
      // The origin caches first: the CDN refetches from them, and must not get the old page back.
      for (const payload of purgePayloads(k, lsn)) await sql.notify(PURGE_CHANNEL, payload);
      await inner.purge(k);
    },
  };
}

type ListenSql = {
  listen: (channel: string, onnotify: (payload: string) => void, onlisten?: () => void) => PromiseLike<{ unlisten: () => PromiseLike<unknown> }>;
};

/**
 * Listens for purges on the primary. `onKeys` gets each purge's keys and the primary's position
 * after the change (null from an older sender); `onResubscribed` runs when the
 * LISTEN connection came back after a drop (notifications may have been missed in the gap: drop
 * everything). Resolves once the first LISTEN is acknowledged.
 */
export async function listenForPurges(sql: ListenSql, handlers: { onKeys: (keys: string[], lsn: string | null) => void; onResubscribed: () => void }): Promise<{ stop: () => Promise<void> }> {
  let subscribed = false;
  const sub = await sql.listen(
    PURGE_CHANNEL,
    (payload) => {
      const { keys, lsn } = purgeFromPayload(payload);
      if (keys.length) handlers.onKeys(keys, lsn);
    },
    () => {
      if (subscribed) handlers.onResubscribed();
      subscribed = true;
    },
  );
  return { stop: async () => void (await sub.unlisten()) };
}
