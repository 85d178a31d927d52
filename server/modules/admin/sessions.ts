// Admin sessions: a random id in a signed httpOnly cookie, the row in Postgres (with its expiry and
// the per-session CSRF token). Only a SHA-256 of the id is stored, so a leaked database dump holds
// no usable session. `requireAdmin` is the guard every admin loader and action calls.
import { createHash, randomBytes } from 'node:crypto';

import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { adminSessions, adminUsers } from '../../../db/schema';

import type { DbOrTx } from './audit';
import type { AdminRole } from './users';

export const ADMIN_SESSION_TTL_SECONDS = 12 * 60 * 60;

const randomToken = () => randomBytes(32).toString('base64url');
const hashSessionId = (id: string) => createHash('sha256').update(id).digest('hex');

export type NewAdminSession = { id: string; csrfToken: string; expiresAt: Date };

/** Inserts a session row (pass the sign-in transaction). The returned `id` goes only into the cookie. */
export async function insertAdminSession(db: DbOrTx, opts: { userId: number; ip?: string | null; userAgent?: string | null }): Promise<NewAdminSession> {
  const id = randomToken();
  const csrfToken = randomToken();
  const [row] = await db
    .insert(adminSessions)
    .values({
      id: hashSessionId(id),
      adminUserId: opts.userId,
      csrfToken,
      expiresAt: sql`now() + make_interval(secs => ${ADMIN_SESSION_TTL_SECONDS})`,
      ip: opts.ip ?? null,
      userAgent: opts.userAgent?.slice(0, 400) ?? null,
    })
    .returning({ expiresAt: adminSessions.expiresAt });
  return { id, csrfToken, expiresAt: row.expiresAt };
}

export type AdminSession = {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  user: { id: number; email: string; name: string; role: AdminRole };
};

/** One round trip: the session joined with its user, only if unexpired. */
export async function findAdminSession(db: Db, sessionId: string): Promise<AdminSession | null> {
  const [row] = await db
    .select({
      csrfToken: adminSessions.csrfToken,
      expiresAt: adminSessions.expiresAt,
      id: adminUsers.id,
      email: adminUsers.email,
      name: adminUsers.name,
      role: adminUsers.role,
    })
    .from(adminSessions)
    .innerJoin(adminUsers, eq(adminUsers.id, adminSessions.adminUserId))
    .where(and(eq(adminSessions.id, hashSessionId(sessionId)), gt(adminSessions.expiresAt, sql`now()`)))
    .limit(1);
  if (!row) return null;
  return { sessionId, csrfToken: row.csrfToken, expiresAt: row.expiresAt, user: { id: row.id, email: row.email, name: row.name, role: row.role } };
}

export async function deleteAdminSession(db: DbOrTx, sessionId: string): Promise<boolean> {
  const rows = await db.delete(adminSessions).where(eq(adminSessions.id, hashSessionId(sessionId))).returning({ id: adminSessions.id });
  return rows.length > 0;
}

export async function purgeExpiredAdminSessions(db: Db): Promise<number> {
  const rows = await db.delete(adminSessions).where(lt(adminSessions.expiresAt, new Date())).returning({ id: adminSessions.id });
  return rows.length;
}

