// Express-level guards for the admin, wired in server/web/http.ts before the Remix handler.
// Remix 2.17 already aborts an action whose Origin differs from the Host, but with a 500 and an
// error log; this answers a cross-site POST to /admin with a plain 403 before Remix runs.
// With single fetch a JS-enabled form posts to `<path>.data`, so every path-based rule must list
// both forms: ADMIN_SIGN_IN_PATHS is what the per-IP sign-in rate limit has to cover.
import type { RequestHandler } from 'express';
import { isAllowedSource } from './admin/origin';

export const ADMIN_SIGN_IN_PATHS = ['/admin/login', '/admin/login.data'];

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses an unsafe request to /admin whose Origin (or, without one, Referer) names another host.
 * A request with neither header passes on: sign-in refuses it itself, and every signed-in action
 * needs the session's CSRF token anyway.
 */
export function rejectCrossSiteAdminPosts(opts: { publicUrl?: string } = {}): RequestHandler {
  return (req, res, next) => {
    if (!UNSAFE.has(req.method)) return next();
    const source = req.get('Origin') ?? req.get('Referer');
    if (source === undefined) return next();
    // The same host the Remix adapter builds request.url from.
    const host = req.get('X-Forwarded-Host')?.split(',')[0]?.trim() || req.get('Host');
    if (isAllowedSource(source, host, opts.publicUrl)) return next();
    res
      .status(403)
      .set('Cache-Control', 'no-store')
      .type('text/plain')
      .send('Cross-site requests to the DotShop admin are refused.');
  };
}

/**
 * A URL whose path or query holds a NUL byte (`/products/%00`) names nothing the shop has, and
 * Postgres refuses NUL in text: answer 404 here instead of a 500 from the query (issue 11 §2.6).
 */
export function rejectNulInUrl(): RequestHandler {
  return (req, res, next) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(req.originalUrl.replace(/\+/g, ' '));
    } catch {
      decoded = req.originalUrl;
    }
    if (!decoded.includes('\u0000')) return next();
    res.status(404).set('Cache-Control', 'no-store').type('text/plain').send('Not found.');
  };
}
