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
 * Refuses an unsafe request whose Origin (or, without one, Referer) names another host, answering
 * `status` 403 with `body`. A request with neither header passes on: sign-in refuses it itself,
 * every signed-in admin action needs the session's CSRF token, and non-browser clients use the API.
 */
function rejectCrossSitePosts(opts: { publicUrl?: string; type: 'text' | 'html'; body: string; skip?: (path: string) => boolean }): RequestHandler {
  return (req, res, next) => {
    if (!UNSAFE.has(req.method) || opts.skip?.(req.path)) return next();
    const source = req.get('Origin') ?? req.get('Referer');
    if (source === undefined) return next();
    // The same host the Remix adapter builds request.url from.
    const host = req.get('X-Forwarded-Host')?.split(',')[0]?.trim() || req.get('Host');
    if (isAllowedSource(source, host, opts.publicUrl)) return next();
    res.status(403).set('Cache-Control', 'no-store').type(opts.type).send(opts.body);
  };
}

/** The admin's guard (mounted on /admin). */
export function rejectCrossSiteAdminPosts(opts: { publicUrl?: string } = {}): RequestHandler {
  return rejectCrossSitePosts({ ...opts, type: 'text', body: 'Cross-site requests to the DotShop admin are refused.' });
}

/**
 * The storefront's forms (bag, checkout, market switch, order lookup): a cross-site POST gets a 403
 * page here instead of Remix's own origin check answering 500 with an empty body (issue 11 §2.6).
 * The REST API (other origins are its clients; it uses no cookies) and signed webhooks are not forms.
 */
export function rejectCrossSiteStorefrontPosts(opts: { publicUrl?: string } = {}): RequestHandler {
  return rejectCrossSitePosts({
    ...opts,
    type: 'html',
    body: '<!doctype html><html lang="en"><title>Request refused — DotShop</title><main><h1>This request was refused</h1><p>The form did not come from DotShop. Go back to <a href="/">the shop</a> and try again.</p></main></html>',
    skip: (path) => path.startsWith('/api/') || path.startsWith('/webhooks/') || path.startsWith('/admin') || path.startsWith('/_local/'),
  });
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
