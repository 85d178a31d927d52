// Admin accounts: creating them, listing them and making sure the first owner exists. Emails are
// stored trimmed and lower-cased (the unique index is on lower(email) as a second guard).
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { adminUsers } from '../../../db/schema';
import { type AuditActor, type DbOrTx, writeAudit } from './audit';
import { hashPassword, verifyPassword } from './password';

import { type AdminRole } from './permissions';

export { ADMIN_ROLES, type AdminRole } from './permissions';
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

export type AdminUserSummary = {
  id: number;
  email: string;
  name: string;
  role: AdminRole;
  lastLoginAt: Date | null;
  lockedUntil: Date | null;
  createdAt: Date;
};

const summaryColumns = {
  id: adminUsers.id,
  email: adminUsers.email,
  name: adminUsers.name,
  role: adminUsers.role,
  lastLoginAt: adminUsers.lastLoginAt,
  lockedUntil: adminUsers.lockedUntil,
  createdAt: adminUsers.createdAt,
};

export class DuplicateAdminEmailError extends Error {
  constructor(email: string) {
    super(`An admin account with the email ${email} already exists.`);
  }
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/**
 * Creates an admin. With `audit`, the audit row is written in the same transaction, so a user
 * never exists without the record of who created it.
 */
export async function createAdminUser(
  db: Db,
  input: { email: string; name: string; role: AdminRole; password: string },
  audit?: AuditActor,
): Promise<AdminUserSummary> {
  if (input.password.length < MIN_PASSWORD_LENGTH) throw new Error(`An admin password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(adminUsers)
        .values({ email, name: input.name.trim(), role: input.role, passwordHash })
        .returning(summaryColumns);
      if (audit) {
        await writeAudit(tx, {
          ...audit,
          action: 'admin_user.created',
          entityType: 'admin_user',
          entityId: user.id,
          after: { id: user.id, email: user.email, name: user.name, role: user.role },
        });
      }
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DuplicateAdminEmailError(email);
    throw err;
  }
}

export async function listAdminUsers(db: Db): Promise<AdminUserSummary[]> {
  return db.select(summaryColumns).from(adminUsers).orderBy(asc(adminUsers.createdAt), asc(adminUsers.id));
}

export async function findAdminUserByEmail(db: DbOrTx, email: string) {
  const [user] = await db
    .select()
    .from(adminUsers)
    .where(eq(sql`lower(${adminUsers.email})`, normalizeEmail(email)))
    .limit(1);
  return user ?? null;
}

export type EnsureOwnerResult = { userId: number; created: boolean; passwordReset: boolean };

/**
 * Makes sure the configured owner account exists (the seed and `npm start` call this). With
 * `resetPassword` (local mode only) an existing account is put back to the configured password,
 * role owner and no lockout, so the credentials `npm start` prints are always true; in production
 * an existing account is never touched. Changes are audited as the system.
 */
export async function ensureOwnerAccount(
  db: Db,
  opts: { email: string; password: string; resetPassword: boolean; name?: string },
): Promise<EnsureOwnerResult> {
  const email = normalizeEmail(opts.email);
  const existing = await findAdminUserByEmail(db, email);
  const system = { actorType: 'system', actorLabel: 'ensureOwnerAccount' } as const;

  if (!existing) {
    if (opts.password.length < MIN_PASSWORD_LENGTH)
      throw new Error(
        `No admin account exists for ${email} and no usable password was given: set ADMIN_PASSWORD (at least ${MIN_PASSWORD_LENGTH} characters) to create the first owner.`,
      );
    const passwordHash = await hashPassword(opts.password);
    const created = await db.transaction(async (tx) => {
      // ON CONFLICT: two processes starting at once must not both fail or create two owners.
      const [row] = await tx
        .insert(adminUsers)
        .values({ email, name: opts.name ?? 'Owner', role: 'owner', passwordHash })
        .onConflictDoNothing()
        .returning({ id: adminUsers.id });
      if (row) await writeAudit(tx, { ...system, action: 'admin_user.created', entityType: 'admin_user', entityId: row.id, after: { email, role: 'owner' } });
      return row;
    });
    if (created) return { userId: created.id, created: true, passwordReset: false };
    const winner = await findAdminUserByEmail(db, email);
    return { userId: winner!.id, created: false, passwordReset: false };
  }

  if (!opts.resetPassword) return { userId: existing.id, created: false, passwordReset: false };

  // Only write (and audit) when something is actually different, so each `npm start` is quiet.
  const passwordMatches = await verifyPassword(opts.password, existing.passwordHash);
  const unlocked = existing.failedAttempts === 0 && existing.lockedUntil === null;
  if (passwordMatches && unlocked && existing.role === 'owner') return { userId: existing.id, created: false, passwordReset: false };

  const passwordHash = passwordMatches ? existing.passwordHash : await hashPassword(opts.password);
  await db.transaction(async (tx) => {
    await tx.update(adminUsers).set({ passwordHash, role: 'owner', failedAttempts: 0, lockedUntil: null }).where(eq(adminUsers.id, existing.id));
    await writeAudit(tx, {
      ...system,
      action: 'admin_user.owner_reset',
      entityType: 'admin_user',
      entityId: existing.id,
      before: { role: existing.role, failedAttempts: existing.failedAttempts, lockedUntil: existing.lockedUntil },
      after: { role: 'owner', failedAttempts: 0, lockedUntil: null, passwordChanged: !passwordMatches },
    });
  });
  return { userId: existing.id, created: false, passwordReset: !passwordMatches };
}
