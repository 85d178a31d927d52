// Cross-site request forgery defences for the admin. Signed-in actions: a synchronizer token kept
// in the session row, posted back in a hidden field and compared in constant time before the action
// does anything else. The sign-in form (no session yet): SameSite=Lax cookies plus an
// Origin/Referer check against the request's own host.
import { timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../platform/context';
import { NO_STORE, requireAdmin, type AdminSession } from './sessions';
import type { AdminRole } from './users';

export const CSRF_FIELD_NAME = 'csrf';

const forbidden = (message: string) => new Response(message, { status: 403, statusText: 'Forbidden', headers: NO_STORE });

/** Constant-time comparison of the posted token with the session's; anything malformed is false. */
export function isValidCsrfToken(submitted: unknown, expected: string): boolean {
  if (typeof submitted !== 'string' || submitted.length === 0 || expected.length === 0) return false;
  const a = Buffer.from(submitted);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Throws a 403 Response unless the form carries the session's CSRF token. */
export function assertCsrfToken(form: FormData, session: Pick<AdminSession, 'csrfToken'>): void {
  if (!isValidCsrfToken(form.get(CSRF_FIELD_NAME), session.csrfToken)) {
    throw forbidden('This form has expired or did not come from the DotShop admin. Reload the page and try again.');
  }
}

/**
 * True when the request says it comes from this site: the Origin header (or, without one, the
 * Referer) names the host the request was sent to, or PUBLIC_URL's host. A request with neither
 * header is refused: every browser sends Origin on a form POST, so only non-browser clients lack it.
 */
export function isSameOriginRequest(request: Request, opts: { publicUrl?: string } = {}): boolean {
  const allowed = new Set([new URL(request.url).host]);
  if (opts.publicUrl) allowed.add(new URL(opts.publicUrl).host);
  const origin = request.headers.get('Origin');
  const source = origin ?? request.headers.get('Referer');
  if (!source || source === 'null') return false;
  try {
    return allowed.has(new URL(source).host);
  } catch {
    return false;
  }
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

