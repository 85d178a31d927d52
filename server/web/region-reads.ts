// Reads in a region with its own replica (issue 12). Every request's `context.db.replica` is the
// reader `readerFor` picks: the regional replica, or the primary when this shopper's last write
// (the WAL position in the `dotshop_lsn` cookie) has not been replayed there within the bounded
// wait, or when the replica is down or lagging (ReplicaMonitor). After a write (any non-GET page,
// form or API request), the response carries the primary's position so the next page reads it.
// With no separate replica (one region, tests) none of this runs: nothing is queried or set.
import { createRemixRequest, sendRemixResponse } from '@remix-run/express/dist/server.js';
import { createRequestHandler, type ServerBuild } from '@remix-run/node';
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from 'express';
import type { Databases } from '../../db/client';
import type { AppContext } from '../platform/context';
import { currentLsn, laterLsn, lsnCookie, lsnFromRequest, readerFor, type ReplicaMonitor } from '../platform/read-your-writes';

/** Set on a request another region forwarded here (write-forwarding.ts): the region it came from. */
export const FORWARDED_FROM = 'x-dotshop-forwarded-from';

export const UNAVAILABLE_PAGE =
  '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>One moment — DotShop</title><main style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem"><h1>We will be right back</h1><p>We cannot take changes for a moment, and nothing you sent was saved. Your bag is safe; please try again in a minute.</p><p><a href="/">Keep browsing the shop</a></p></main></html>';

export function regionAwareRemixHandler(opts: {
  build: ServerBuild;
  mode: 'production' | 'development';
  db: Databases;
  monitor: ReplicaMonitor | null;
  secureCookies: boolean;
  /** The Express request Remix should read (e.g. with a buffered form body). */
  requestFor: (req: ExpressRequest, res: ExpressResponse) => ExpressRequest;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse, db: Databases) => AppContext;
  /** Observes how long a read waited for the replica (seconds). */
  observeWait?: (seconds: number) => void;
  /**
   * A position this request's reads must also see, beyond its cookie's: a render that fills the
   * origin page cache reads at or after the latest purge (OriginCache.fillFloorLsn).
   */
  readFloor?: (req: ExpressRequest, res: ExpressResponse) => string | null;
  /** Sees (and may replace) every answer before it is sent: the origin page cache stores it here. */
  onResponse?: (req: ExpressRequest, res: ExpressResponse, response: Response) => Promise<Response>;
}): RequestHandler {
  const handle = createRequestHandler(opts.build, opts.mode);
  const separateReplica = opts.db.replica !== opts.db.primary;
  return async (req, res, next) => {
    try {
      const request = createRemixRequest(opts.requestFor(req, res), res);
      const write = req.method !== 'GET' && req.method !== 'HEAD';
      let db = opts.db;
      if (separateReplica) {
        const lsn = write ? null : laterLsn(lsnFromRequest(request), opts.readFloor?.(req, res));
        const reader = await readerFor(opts.db, lsn, { monitor: opts.monitor ?? undefined });
        if (lsn) opts.observeWait?.(reader.waitedMs / 1000);
        if (reader.db !== opts.db.replica) db = { ...opts.db, replica: reader.db };
      }
      const context = opts.getLoadContext(req, res, db);
      let response = await handle(request, context);
      // A page whose loader or action could not reach the database: a calm 503 page at once, not
      // the error boundary's 500 (issue 12: the primary lost). Single-fetch data keeps Remix's answer.
      if (context.databaseUnavailable && response.status >= 500 && !req.path.endsWith('.data') && req.accepts('html')) {
        response = new Response(UNAVAILABLE_PAGE, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Retry-After': '30' } });
      }
      // A write forwarded here from a region that reads its own replica carries the position back too.
      const forwarded = req.headers[FORWARDED_FROM] !== undefined;
      if ((separateReplica || forwarded) && write && response.status < 500 && !req.path.startsWith('/webhooks/')) {
        const cookie = lsnCookie(await currentLsn(opts.db.primary), { secure: opts.secureCookies });
        try {
          response.headers.append('Set-Cookie', cookie);
        } catch {
          // A Response with immutable headers (Response.redirect): copy it.
          response = new Response(response.body, response);
          response.headers.append('Set-Cookie', cookie);
        }
      }
      if (opts.onResponse) response = await opts.onResponse(req, res, response);
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}
