// Cross-site request forgery defences for the admin. Signed-in actions: a synchronizer token kept
// in the session row, posted back in a hidden field and compared in constant time before the action
// does anything else. The sign-in form (no session yet): SameSite=Lax cookies plus an
// Origin/Referer check against the request's own host.
import { timingSafeEqual } from 'node:crypto';

import { NO_STORE, type AdminSession } from './sessions';


export const CSRF_FIELD_NAME = 'csrf';

export const forbidden = (message: string) => new Response(message, { status: 403, statusText: 'Forbidden', headers: NO_STORE });

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

