// Cross-site request forgery defences for the admin. Signed-in actions: a synchronizer token kept
// in the session row, posted back in a hidden field and compared in constant time before the action
// does anything else (the web edge's guard asks `isValidCsrfToken`). The sign-in form (no session
// yet): SameSite=Lax cookies plus an Origin/Referer check (server/web/admin/session.ts).
import { timingSafeEqual } from 'node:crypto';

export const CSRF_FIELD_NAME = 'csrf';

/** Constant-time comparison of the posted token with the session's; anything malformed is false. */
export function isValidCsrfToken(submitted: unknown, expected: string): boolean {
  if (typeof submitted !== 'string' || submitted.length === 0 || expected.length === 0) return false;
  const a = Buffer.from(submitted);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

