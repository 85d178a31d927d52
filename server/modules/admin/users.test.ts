import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUsers, auditLog } from '../../../db/schema';
import { createTestDatabase, type TestDatabase } from '../../../db/testing/database';
import { signIn } from './auth';
import { verifyPassword } from './password';
import { createAdminUser, DuplicateAdminEmailError, ensureOwnerAccount, listAdminUsers } from './users';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('adminusers');
});
afterAll(async () => t?.drop());

const ownerRow = async (email: string) => (await t.primary.select().from(adminUsers).where(eq(adminUsers.email, email)))[0];

describe('admin users', () => {
  it('creates users with a normalised email and a scrypt hash; a duplicate (any case) is refused', async () => {
    const user = await createAdminUser(t.primary, { email: ' Finance@DotShop.test', name: 'Fin', role: 'finance', password: 'twelve chars ok' });
    expect(user).toMatchObject({ email: 'finance@dotshop.test', role: 'finance' });
    const row = await ownerRow('finance@dotshop.test');
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    await expect(createAdminUser(t.primary, { email: 'FINANCE@dotshop.test', name: 'Again', role: 'support', password: 'twelve chars ok' })).rejects.toBeInstanceOf(
      DuplicateAdminEmailError,
    );
    expect((await listAdminUsers(t.primary)).map((u) => u.email)).toContain('finance@dotshop.test');
  });

  it('ensureOwnerAccount creates the first owner once, concurrently safe, audited as the system', async () => {
    const opts = { email: 'Owner@DotShop.local', password: 'dotshop-local-owner', resetPassword: false };
    const results = await Promise.all([ensureOwnerAccount(t.primary, opts), ensureOwnerAccount(t.primary, opts)]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.userId)).size).toBe(1);
    const row = await ownerRow('owner@dotshop.local');
    expect(row.role).toBe('owner');
    const audit = await t.primary.select().from(auditLog).where(eq(auditLog.entityId, String(row.id)));
    expect(audit).toMatchObject([{ actorType: 'system', action: 'admin_user.created' }]);
  });

  it('in production mode never touches an existing owner', async () => {
    const before = await ownerRow('owner@dotshop.local');
    const result = await ensureOwnerAccount(t.primary, { email: 'owner@dotshop.local', password: 'a different password', resetPassword: false });
    expect(result).toMatchObject({ created: false, passwordReset: false });
    expect((await ownerRow('owner@dotshop.local')).passwordHash).toBe(before.passwordHash);
  });

  it('in local mode puts the configured password back, unlocks the account, and stays quiet when nothing changed', async () => {
    const email = 'owner@dotshop.local';
    for (let i = 0; i < 5; i++) await signIn(t.primary, { email, password: `wrong ${i}` });
    expect((await ownerRow(email)).lockedUntil).not.toBeNull();
    const reset = await ensureOwnerAccount(t.primary, { email, password: 'the new local password', resetPassword: true });
    expect(reset).toMatchObject({ created: false, passwordReset: true });
    const row = await ownerRow(email);
    expect(row).toMatchObject({ failedAttempts: 0, lockedUntil: null, role: 'owner' });
    expect(await verifyPassword('the new local password', row.passwordHash)).toBe(true);
    expect((await signIn(t.primary, { email, password: 'the new local password' })).ok).toBe(true);

    const auditBefore = await t.primary.select().from(auditLog).where(eq(auditLog.action, 'admin_user.owner_reset'));
    expect(await ensureOwnerAccount(t.primary, { email, password: 'the new local password', resetPassword: true })).toMatchObject({ passwordReset: false });
    expect(await t.primary.select().from(auditLog).where(eq(auditLog.action, 'admin_user.owner_reset'))).toHaveLength(auditBefore.length);
    expect(JSON.stringify(auditBefore)).not.toContain('the new local password');
  });

  it('refuses to create an owner without a usable password, saying how to fix it', async () => {
    await expect(ensureOwnerAccount(t.primary, { email: 'prod-owner@dotshop.test', password: '', resetPassword: false })).rejects.toThrow(/set ADMIN_PASSWORD/);
  });
});
