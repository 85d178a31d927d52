// The admin's one request guard: the signed session cookie → the session row (memoised per
// request), a redirect to sign-in when absent, 403 for a role the permission does not allow, and
// for actions the form with its CSRF token checked first. Every admin loader and action calls it.
import { randomBytes } from 'node:crypto';
import { createCookie, redirect, type Cookie } from '@remix-run/node';
import type { Db } from '../../../db/client';
import { ADMIN_SESSION_TTL_SECONDS, type AdminRole, type AdminSession, CSRF_FIELD_NAME, findAdminSession, insertAdminSession, isValidCsrfToken } from '../../modules/admin';
import type { Config } from '../../platform/config';
import type { AppContext } from '../../platform/context';
import { isAllowedSource } from './origin';
import { safeRedirectPath } from '../redirects';

export const NO_STORE = { 'Cache-Control': 'no-store' } as const;

export const forbidden = (message: string) => new Response(message, { status: 403, statusText: 'Forbidden', headers: NO_STORE });

export const ADMIN_SESSION_COOKIE_NAME = '__dotshop_admin';

type CookieConfig = Pick<Config, 'SESSION_SECRET' | 'isLocal'>;

const cookies = new Map<string, Cookie>();

/**
 * The session cookie. Path is `/`, not `/admin`: with single fetch the dashboard's data URL is
 * `/admin.data`, which a `Path=/admin` cookie does not match, so client-side navigation to the
 * dashboard would look signed out. Signed with SESSION_SECRET; `secure` everywhere but local mode.
 */
export function adminSessionCookie(config: CookieConfig): Cookie {
  const key = `${config.isLocal}:${config.SESSION_SECRET}`;
  let cookie = cookies.get(key);
  if (!cookie) {
    cookie = createCookie(ADMIN_SESSION_COOKIE_NAME, {
      secrets: [config.SESSION_SECRET],
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: !config.isLocal,
      maxAge: ADMIN_SESSION_TTL_SECONDS,
    });
    cookies.set(key, cookie);
  }
  return cookie;
}

export function serializeAdminSessionCookie(config: CookieConfig, sessionId: string): Promise<string> {
  return adminSessionCookie(config).serialize(sessionId);
}

export function clearAdminSessionCookie(config: CookieConfig): Promise<string> {
  return adminSessionCookie(config).serialize('', { maxAge: 0, expires: new Date(0) });
}

/**
 * The known-device cookie: set at every successful sign-in, it names the admin user (and a random
 * device id) under SESSION_SECRET's signature for a year. With it, the right password passes an
 * account lock that strangers' wrong guesses caused (issue 11 §2.1, ADR 020).
 */
export const ADMIN_DEVICE_COOKIE_NAME = '__dotshop_admin_device';
const deviceCookies = new Map<string, Cookie>();
function adminDeviceCookie(config: CookieConfig): Cookie {
  const key = `${config.isLocal}:${config.SESSION_SECRET}`;
  let cookie = deviceCookies.get(key);
  if (!cookie) {
    cookie = createCookie(ADMIN_DEVICE_COOKIE_NAME, { secrets: [config.SESSION_SECRET], httpOnly: true, sameSite: 'lax', path: '/admin', secure: !config.isLocal, maxAge: 365 * 24 * 3600 });
    deviceCookies.set(key, cookie);
  }
  return cookie;
}

export function serializeKnownDeviceCookie(config: CookieConfig, userId: number): Promise<string> {
  return adminDeviceCookie(config).serialize({ u: userId, d: randomBytes(12).toString('base64url') });
}

/** The admin user id the request's known-device cookie names, or null (absent, forged, malformed). */
export async function readKnownDeviceUserId(request: Request, config: CookieConfig): Promise<number | null> {
  const value: unknown = await adminDeviceCookie(config).parse(request.headers.get('Cookie'));
  const u = (value as { u?: unknown } | null)?.u;
  return typeof u === 'number' && Number.isSafeInteger(u) ? u : null;
}

/** The session id from the request's cookie, or null when absent or its signature is wrong. */
export async function readAdminSessionId(request: Request, config: CookieConfig): Promise<string | null> {
  const value: unknown = await adminSessionCookie(config).parse(request.headers.get('Cookie'));
  return typeof value === 'string' && value.length >= 32 && value.length <= 64 ? value : null;
}

type SessionContext = Pick<AppContext, 'db' | 'config'>;

// One HTTP request runs several loaders (the layout's and the page's), and Remix hands each its own
// copy of the Request but the same load context: memoise the lookup on the context (and the cookie),
// so a page costs one session query however many loaders ask.
const perRequest = new WeakMap<object, Map<string, Promise<AdminSession | null>>>();

/**
 * The signed-in admin, or null. Reads the primary: a session written a moment ago by sign-in, or
 * deleted by sign-out, must be seen at once (a replica could lag either way).
 */
export function getAdminSession(request: Request, context: SessionContext): Promise<AdminSession | null> {
  const cookieHeader = request.headers.get('Cookie') ?? '';
  let byCookie = perRequest.get(context);
  if (!byCookie) perRequest.set(context, (byCookie = new Map()));
  let pending = byCookie.get(cookieHeader);
  if (!pending) {
    pending = readAdminSessionId(request, context.config).then((id) => (id ? findAdminSession(context.db.primary, id) : null));
    byCookie.set(cookieHeader, pending);
  }
  return pending;
}

/** Drops the memoised lookup (after sign-in or sign-out changed the answer within this request). */
export function forgetAdminSession(context: SessionContext): void {
  perRequest.delete(context);
}

/** Where to go after signing in: a same-site path, never the sign-in or sign-out page itself. */
export function safeAdminRedirectPath(value: unknown, fallback = '/admin'): string {
  return safeRedirectPath(value, fallback, { refuse: ['/admin/login', '/admin/logout'] });
}

export function loginPath(request: Request): string {
  const url = new URL(request.url);
  url.searchParams.delete('_routes'); // single fetch's own parameter
  const here = url.pathname + url.search;
  return here === '/admin' || here === '/admin/' ? '/admin/login' : `/admin/login?redirectTo=${encodeURIComponent(here)}`;
}

/**
 * Every admin loader and action starts here. Signed out (or expired) → a redirect to the sign-in
 * page that comes back here afterwards; signed in with a role not in `roles` → 403.
 */
export async function requireAdmin(request: Request, context: SessionContext, opts: { roles?: readonly AdminRole[] } = {}): Promise<AdminSession> {
  const session = await getAdminSession(request, context);
  if (!session) {
    const headers = new Headers(NO_STORE);
    // A stale or forged cookie is cleared so the browser stops sending it.
    if (request.headers.get('Cookie')?.includes(`${ADMIN_SESSION_COOKIE_NAME}=`)) headers.append('Set-Cookie', await clearAdminSessionCookie(context.config));
    throw redirect(loginPath(request), { headers });
  }
  if (opts.roles && !opts.roles.includes(session.user.role)) {
    throw new Response('You do not have permission to open this page.', { status: 403, statusText: 'Forbidden', headers: NO_STORE });
  }
  return session;
}

/**
 * For tests and Playwright fixtures: a real session row for `userId` and the cookie a browser
 * would hold. `cookieHeader` goes in a `Cookie` request header; `name`/`value` go to
 * `browserContext.addCookies`.
 */
export async function createAdminSessionCookie(
  db: Db,
  opts: { userId: number; config: CookieConfig },
): Promise<{ name: string; value: string; cookieHeader: string; csrfToken: string; sessionId: string; expiresAt: Date }> {
  const session = await insertAdminSession(db, { userId: opts.userId, ip: '127.0.0.1', userAgent: 'test fixture' });
  const setCookie = await serializeAdminSessionCookie(opts.config, session.id);
  const cookieHeader = setCookie.split(';')[0];
  const value = cookieHeader.slice(ADMIN_SESSION_COOKIE_NAME.length + 1);
  return { name: ADMIN_SESSION_COOKIE_NAME, value, cookieHeader, csrfToken: session.csrfToken, sessionId: session.id, expiresAt: session.expiresAt };
}

/**
 * True when the request says it comes from this site: the Origin header (or, without one, the
 * Referer) names the host the request was sent to, or PUBLIC_URL's host. A request with neither
 * header is refused: every browser sends Origin on a form POST, so only non-browser clients lack it.
 */
export function isSameOriginRequest(request: Request, opts: { publicUrl?: string } = {}): boolean {
  const source = request.headers.get('Origin') ?? request.headers.get('Referer');
  return isAllowedSource(source, new URL(request.url).host, opts.publicUrl);
}

export function assertSameOriginRequest(request: Request, opts: { publicUrl?: string } = {}): void {
  if (!isSameOriginRequest(request, opts)) throw forbidden('Sign-in requests must come from the DotShop admin sign-in page.');
}

/**
 * The start of every signed-in admin action: the session (or a redirect to sign-in), the form,
 * the CSRF token (403 before anything is read or written), then the role (403).
 */
export async function requireAdminAction(
  request: Request,
  context: Pick<AppContext, 'db' | 'config'>,
  opts: { roles?: readonly AdminRole[] } = {},
): Promise<{ admin: AdminSession; form: FormData }> {
  const admin = await requireAdmin(request, context);
  const form = await request.formData().catch(() => new FormData());
  assertCsrfToken(form, admin);
  if (opts.roles && !opts.roles.includes(admin.user.role)) throw forbidden('You do not have permission to do this.');
  return { admin, form };
}


/** Throws a 403 Response unless the form carries the session's CSRF token. */
export function assertCsrfToken(form: FormData, session: Pick<AdminSession, 'csrfToken'>): void {
  if (!isValidCsrfToken(form.get(CSRF_FIELD_NAME), session.csrfToken)) {
    throw forbidden('This form has expired or did not come from the DotShop admin. Reload the page and try again.');
  }
}

