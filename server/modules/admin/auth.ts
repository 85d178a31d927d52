// Admin sign-in and sign-out. Every failure gets one message, whatever the reason (unknown email,
// wrong password, locked account), and costs the same scrypt work. Five consecutive failures lock
// an account for 15 minutes — except for the right password from a device this account has signed
// in from before (a signed cookie the web layer checks), so a stranger who types five wrong
// passwords for the owner's email cannot lock the owner out (issue 11 §2.1, ADR 020). The counter
// and the lock change only through single conditional UPDATEs, so concurrent attempts are counted
// exactly. Per-IP throttling is express-rate-limit's
// job (server/platform/rate-limit.ts). Every outcome is audited; the password never is.
import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';

import type { Db } from '../../../db/client';
import { adminUsers } from '../../../db/schema';

import { writeAudit } from './audit';
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from './password';
import { deleteAdminSession, insertAdminSession, type NewAdminSession } from './sessions';
import { type AdminRole, findAdminUserByEmail, normalizeEmail } from './users';

export const SIGN_IN_FAILED_MESSAGE = 'Email or password is incorrect.';
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;

type RequestMeta = { ip?: string | null; requestId?: string | null; userAgent?: string | null };
/** The admin user id a valid known-device cookie names (null: none, or not valid). */
type DeviceMeta = { knownDeviceUserId?: number | null };

export type SignInResult =
  | { ok: true; user: { id: number; email: string; name: string; role: AdminRole }; session: NewAdminSession }
  | { ok: false; message: typeof SIGN_IN_FAILED_MESSAGE };

const failed = { ok: false, message: SIGN_IN_FAILED_MESSAGE } as const;

// "Not locked right now": no lock, or a lock that has run out. Evaluated by the database clock
// inside each UPDATE, so two requests can never both see a stale answer.
const notLocked = () => or(isNull(adminUsers.lockedUntil), lte(adminUsers.lockedUntil, sql`now()`));

export async function signIn(db: Db, input: { email: string; password: string } & RequestMeta & DeviceMeta): Promise<SignInResult> {
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
    // A device this account signed in from before passes the lock with the right password.
    const knownDevice = input.knownDeviceUserId === user.id;
    const wasLocked = user.lockedUntil !== null && user.lockedUntil.getTime() > Date.now();
    const upgradedHash = needsRehash(user.passwordHash) ? await hashPassword(input.password) : undefined;
    const signedIn = await db.transaction(async (tx) => {
      const [row] = await tx
        .update(adminUsers)
        .set({ failedAttempts: 0, lockedUntil: null, lastLoginAt: sql`now()`, ...(upgradedHash ? { passwordHash: upgradedHash } : {}) })
        .where(knownDevice ? eq(adminUsers.id, user.id) : and(eq(adminUsers.id, user.id), notLocked()))
        .returning({ id: adminUsers.id, email: adminUsers.email, name: adminUsers.name, role: adminUsers.role });
      if (!row) return null;
      const session = await insertAdminSession(tx, { userId: row.id, ip: input.ip, userAgent: input.userAgent });
      await writeAudit(tx, { ...actor, action: 'admin.sign_in', after: { role: row.role, sessionExpiresAt: session.expiresAt, knownDevice, ...(wasLocked && knownDevice ? { passedLockFromKnownDevice: true } : {}) } });
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

