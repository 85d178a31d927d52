// Admin sign-in and sign-out. Every failure gets one message, whatever the reason (unknown email,
// wrong password, locked account), and costs the same scrypt work. Five consecutive failures lock
// an account for 15 minutes; the counter and the lock change only through single conditional
// UPDATEs, so concurrent attempts are counted exactly. Per-IP throttling is express-rate-limit's
// job (server/rate-limit.ts). Every outcome is audited; the password never is.
import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { adminUsers } from '../../../db/schema';
import type { AppContext } from '../../platform/context';
import { writeAudit } from './audit';
import { assertCsrfToken, assertSameOriginRequest } from './csrf';
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from './password';
import { clearAdminSessionCookie, deleteAdminSession, forgetAdminSession, insertAdminSession, NO_STORE, readAdminSessionId, requireAdmin, safeRedirectPath, serializeAdminSessionCookie, type NewAdminSession } from './sessions';
import { type AdminRole, MAX_PASSWORD_LENGTH, findAdminUserByEmail, normalizeEmail } from './users';

export const SIGN_IN_FAILED_MESSAGE = 'Email or password is incorrect.';
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;

type RequestMeta = { ip?: string | null; requestId?: string | null; userAgent?: string | null };

export type SignInResult =
  | { ok: true; user: { id: number; email: string; name: string; role: AdminRole }; session: NewAdminSession }
  | { ok: false; message: typeof SIGN_IN_FAILED_MESSAGE };

const failed = { ok: false, message: SIGN_IN_FAILED_MESSAGE } as const;

// "Not locked right now": no lock, or a lock that has run out. Evaluated by the database clock
// inside each UPDATE, so two requests can never both see a stale answer.
const notLocked = () => or(isNull(adminUsers.lockedUntil), lte(adminUsers.lockedUntil, sql`now()`));

export async function signIn(db: Db, input: { email: string; password: string } & RequestMeta): Promise<SignInResult> {
  const email = normalizeEmail(input.email);
  const meta = { requestId: input.requestId ?? null, ip: input.ip ?? null };
  const user = await findAdminUserByEmail(db, email);

  if (!user) {
    await verifyDummyPassword(input.password);
    await writeAudit(db, { actorType: 'admin', actorLabel: email, action: 'admin.sign_in_failed', after: { reason: 'unknown_email' }, ...meta });
    return failed;
  }

  const actor = { actorType: 'admin', actorId: user.id, actorLabel: user.email, entityType: 'admin_user', entityId: user.id, ...meta } as const;
  const passwordOk = await verifyPassword(input.password, user.passwordHash);

  if (passwordOk) {
    const upgradedHash = needsRehash(user.passwordHash) ? await hashPassword(input.password) : undefined;
    const signedIn = await db.transaction(async (tx) => {
      const [row] = await tx
        .update(adminUsers)
        .set({ failedAttempts: 0, lockedUntil: null, lastLoginAt: sql`now()`, ...(upgradedHash ? { passwordHash: upgradedHash } : {}) })
        .where(and(eq(adminUsers.id, user.id), notLocked()))
        .returning({ id: adminUsers.id, email: adminUsers.email, name: adminUsers.name, role: adminUsers.role });
      if (!row) return null;
      const session = await insertAdminSession(tx, { userId: row.id, ip: input.ip, userAgent: input.userAgent });
      await writeAudit(tx, { ...actor, action: 'admin.sign_in', after: { role: row.role, sessionExpiresAt: session.expiresAt } });
      return { user: row, session };
    });
    if (signedIn) return { ok: true, ...signedIn };
    // The right password while locked is still refused (and looks like any other failure).
    await writeAudit(db, { ...actor, action: 'admin.sign_in_locked' });
    return failed;
  }

  // After an expired lock the count starts again from 1 rather than re-locking at once.
  const nextCount = sql`case when ${adminUsers.lockedUntil} is not null then 1 else ${adminUsers.failedAttempts} + 1 end`;
  const [counted] = await db
    .update(adminUsers)
    .set({
      failedAttempts: nextCount,
      lockedUntil: sql`case when ${nextCount} >= ${LOCKOUT_THRESHOLD} then now() + make_interval(mins => ${LOCKOUT_MINUTES}) else null end`,
    })
    .where(and(eq(adminUsers.id, user.id), notLocked()))
    .returning({ failedAttempts: adminUsers.failedAttempts, lockedUntil: adminUsers.lockedUntil });

  if (!counted) {
    await writeAudit(db, { ...actor, action: 'admin.sign_in_locked' });
    return failed;
  }
  await writeAudit(db, { ...actor, action: 'admin.sign_in_failed', after: { reason: 'wrong_password', failedAttempts: counted.failedAttempts } });
  if (counted.lockedUntil) {
    await writeAudit(db, { ...actor, action: 'admin.account_locked', after: { failedAttempts: counted.failedAttempts, lockedUntil: counted.lockedUntil } });
  }
  return failed;
}

/** Deletes the session row and audits the sign-out. */
export async function signOut(db: Db, session: { sessionId: string; user: { id: number; email: string } }, meta: RequestMeta = {}): Promise<void> {
  await db.transaction(async (tx) => {
    await deleteAdminSession(tx, session.sessionId);
    await writeAudit(tx, {
      actorType: 'admin',
      actorId: session.user.id,
      actorLabel: session.user.email,
      action: 'admin.sign_out',
      entityType: 'admin_user',
      entityId: session.user.id,
      requestId: meta.requestId ?? null,
      ip: meta.ip ?? null,
    });
  });
}

export const signInFormSchema = z.object({
  intent: z.literal('sign-in', { error: 'Unexpected form.' }),
  email: z
    .string({ error: 'Enter your email address.' })
    .trim()
    .min(1, 'Enter your email address.')
    .max(254, 'That email address is too long.')
    .pipe(z.email({ error: 'Enter a valid email address.' })),
  password: z
    .string({ error: 'Enter your password.' })
    .min(1, 'Enter your password.')
    .max(MAX_PASSWORD_LENGTH, 'That password is too long.'),
  redirectTo: z.string().optional(),
});

export type SignInFieldErrors = Partial<Record<'intent' | 'email' | 'password' | 'redirectTo', string[]>>;

export type SignInFormResult =
  | { kind: 'signed-in'; redirectTo: string; headers: Headers }
  | { kind: 'invalid'; status: 400; fieldErrors: SignInFieldErrors; email: string }
  | { kind: 'refused'; status: 401; formError: string; email: string };

type ActionContext = Pick<AppContext, 'db' | 'config' | 'requestId' | 'clientIp'>;

/**
 * The sign-in form's action: same-origin check (403), zod validation (400 with field errors),
 * credentials (401 with the generic message), or a new session and where to go next. A session
 * the browser already had is ended first, so a planted cookie cannot survive sign-in.
 */
export async function signInWithForm(request: Request, context: ActionContext): Promise<SignInFormResult> {
  assertSameOriginRequest(request, { publicUrl: context.config.PUBLIC_URL });
  const form = await request.formData().catch(() => new FormData());
  const parsed = signInFormSchema.safeParse(Object.fromEntries(form));
  const typedEmail = typeof form.get('email') === 'string' ? String(form.get('email')).slice(0, 254) : '';
  if (!parsed.success) {
    return { kind: 'invalid', status: 400, fieldErrors: z.flattenError(parsed.error).fieldErrors, email: typedEmail };
  }
  const result = await signIn(context.db.primary, {
    email: parsed.data.email,
    password: parsed.data.password,
    ip: context.clientIp,
    requestId: context.requestId,
    userAgent: request.headers.get('User-Agent'),
  });
  if (!result.ok) return { kind: 'refused', status: 401, formError: result.message, email: typedEmail };

  const previous = await readAdminSessionId(request, context.config);
  if (previous) await deleteAdminSession(context.db.primary, previous);
  forgetAdminSession(context);
  const headers = new Headers(NO_STORE);
  headers.append('Set-Cookie', await serializeAdminSessionCookie(context.config, result.session.id));
  return { kind: 'signed-in', redirectTo: safeRedirectPath(parsed.data.redirectTo), headers };
}

/** The sign-out form's action: session and CSRF token required; returns the cookie-clearing headers. */
export async function signOutWithForm(request: Request, context: ActionContext): Promise<Headers> {
  const admin = await requireAdmin(request, context);
  const form = await request.formData().catch(() => new FormData());
  assertCsrfToken(form, admin);
  await signOut(context.db.primary, admin, { ip: context.clientIp, requestId: context.requestId });
  forgetAdminSession(context);
  const headers = new Headers(NO_STORE);
  headers.append('Set-Cookie', await clearAdminSessionCookie(context.config));
  return headers;
}

