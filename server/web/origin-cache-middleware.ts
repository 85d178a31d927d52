// The origin page cache in front of the Remix handler (ADR 027). Only anonymous GETs of catalog
// pages (home, category, product, in each market's URL) are looked up; a request carrying any
// cookie but the bag and the market preference (an admin session, the read-your-writes
// `dotshop_lsn`, anything unknown) or an Authorization header goes straight to Remix. A hit is sent
// with this request's CSP nonce written into the stored HTML. A miss renders once per URL however
// many requests wait for it (they are answered from the result); a stale page is served while one
// background render replaces it.
import type { RequestHandler, Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { bodyWithNonce, type CachedPage, type OriginCache, type RenderedPage } from '../platform/origin-cache';
import { MARKET_PATH_PREFIXES } from '../platform/purge';
import { cspNonce } from './security-headers';

/** Cookies that never change a catalog page (the bag count is fetched from /cart/count; ADR 008/022). */
export const COOKIES_CATALOG_PAGES_IGNORE = new Set(['dotshop_cart', 'dotshop_region']);

const prefixes = MARKET_PATH_PREFIXES.filter(Boolean)
  .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('|');
/** Home, category and product documents in every market (`/`, `/eu`, `/products/x`, `/eu/collections/y`). */
const CATALOG_PAGE = new RegExp(`^(?:${prefixes})?(?:/products/[^/.]+|/collections/[^/.]+)?/?$`);

export type CacheDecision = 'bypass' | 'lookup';

/** Whether a request may be answered from (and fill) the cache. */
export function cacheDecision(req: { method: string; path: string; headers: Record<string, string | string[] | undefined> }): CacheDecision {
  if (req.method !== 'GET') return 'bypass';
  if (!CATALOG_PAGE.test(req.path)) return 'bypass';
  if (req.headers.authorization) return 'bypass';
  const cookie = req.headers.cookie;
  if (cookie) {
    const header = Array.isArray(cookie) ? cookie.join(';') : cookie;
    for (const pair of header.split(';')) {
      const name = pair.split('=', 1)[0].trim();
      if (name && !COOKIES_CATALOG_PAGES_IGNORE.has(name)) return 'bypass';
    }
  }
  return 'lookup';
}

export type OriginCacheResult = 'hit' | 'stale' | 'miss' | 'coalesced' | 'bypass';

export type CaptureState = { url: string; token: number; requestHadCookie: boolean; done: () => void };

const CAPTURE = 'originCacheCapture';

/** Whether this request is rendering a page for the cache (its reads must be at or after the cache's fill floor). */
export function fillingOriginCache(res: ExpressResponse): boolean {
  return res.locals[CAPTURE] !== undefined;
}
const WAIT_FOR_LEADER_MS = 5000;

function send(res: ExpressResponse, page: CachedPage, state: 'HIT' | 'STALE', now: number) {
  res.status(page.status);
  for (const [name, value] of page.headers) res.setHeader(name, value);
  res.setHeader('Age', String(Math.max(0, Math.floor((now - page.storedAt) / 1000))));
  res.setHeader('X-Origin-Cache', state);
  res.end(bodyWithNonce(page, cspNonce(res)));
}

export function originCacheMiddleware(opts: {
  cache: OriginCache;
  /** Renders a URL outside any request (the background re-render of a stale page). */
  render: (renderUrl: string) => Promise<RenderedPage>;
  count: (result: OriginCacheResult) => void;
  onError?: (err: unknown) => void;
}): RequestHandler {
  const { cache } = opts;
  return async (req, res, next) => {
    if (!cache.enabled || cacheDecision(req) === 'bypass') {
      opts.count('bypass');
      return next();
    }
    const url = req.originalUrl;
    const requestHadCookie = Boolean(req.headers.cookie);
    const serve = (): boolean => {
      const found = cache.lookup(url);
      if (found.state === 'miss') return false;
      // `/` varies on the market cookie: its stored copy (rendered without one) is only for cookie-less requests.
      if (found.page.varyCookie && requestHadCookie) return false;
      if (found.state === 'stale') cache.revalidate(url, opts.render, opts.onError);
      opts.count(found.state);
      send(res, found.page, found.state === 'hit' ? 'HIT' : 'STALE', Date.now());
      return true;
    };
    try {
      if (serve()) return;
      const flight = cache.joinRender(url);
      if (!flight.leader) {
        await Promise.race([flight.wait, new Promise((r) => setTimeout(r, WAIT_FOR_LEADER_MS).unref())]);
        if (serve()) return;
        opts.count('coalesced');
        return next();
      }
      opts.count('miss');
      const capture: CaptureState = { url, token: cache.renderToken(), requestHadCookie, done: flight.done };
      res.locals[CAPTURE] = capture;
      res.on('close', flight.done);
      next();
    } catch (err) {
      next(err);
    }
  };
}

/**
 * Called by the Remix handler with its answer: when this request is filling the cache, reads the
 * body, stores it (if storable) and returns an equivalent response to send.
 */
export async function captureForOriginCache(cache: OriginCache, req: ExpressRequest, res: ExpressResponse, response: Response): Promise<Response> {
  const capture = res.locals[CAPTURE] as CaptureState | undefined;
  if (!capture) return response;
  if (response.status === 204 || response.status === 304 || !response.body) {
    capture.done();
    return response;
  }
  try {
    const body = Buffer.from(await response.arrayBuffer());
    const rendered: RenderedPage = {
      status: response.status,
      headers: response.headers,
      body,
      nonce: cspNonce(res),
      requestHadCookie: capture.requestHadCookie,
      renderUrl: `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`,
    };
    const stored = cache.store(capture.url, rendered, capture.token);
    const headers = new Headers(response.headers);
    headers.set('X-Origin-Cache', stored ? 'MISS' : 'PASS');
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  } finally {
    capture.done();
  }
}
