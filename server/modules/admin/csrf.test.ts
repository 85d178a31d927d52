import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUsers, auditLog } from '../../../db/schema';
import { createTestDatabase, type TestDatabase } from '../../../db/testing/database';
import { createAdminUserWithForm } from '../../web/admin/create-user-form';
import { isValidCsrfToken } from './csrf';
import { postForm, signedInAdmin, testContext, thrownResponse } from '../../testing/admin';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('admincsrf');
});
afterAll(async () => t?.drop());

const newUser = { intent: 'create-user', email: 'new.person@dotshop.test', name: 'New Person', role: 'support', password: 'a strong passphrase' };
const totals = async () => ({
  users: (await t.primary.select({ n: count() }).from(adminUsers))[0].n,
  audit: (await t.primary.select({ n: count() }).from(auditLog))[0].n,
});

describe('CSRF on admin actions', () => {
  it('compares tokens in constant time and refuses anything malformed', () => {
    expect(isValidCsrfToken('abc', 'abc')).toBe(true);
    expect(isValidCsrfToken('abd', 'abc')).toBe(false);
    expect(isValidCsrfToken('abcd', 'abc')).toBe(false);
    expect(isValidCsrfToken(null, 'abc')).toBe(false);
    expect(isValidCsrfToken('', '')).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['wrong', 'not-the-token'],
    ['empty', ''],
  ])('a %s token → 403, and no user or audit row is written', async (_label, token) => {
    const ctx = testContext(t);
    const owner = await signedInAdmin(ctx, t, 'owner');
    const before = await totals();
    const fields = token === undefined ? newUser : { ...newUser, csrf: token };
    const res = await thrownResponse(() => createAdminUserWithForm(postForm('/admin/users', fields, { cookie: owner.cookieHeader }), ctx));
    expect(res.status).toBe(403);
    expect(await totals()).toEqual(before);
  });

  it("another session's token does not work", async () => {
    const ctx = testContext(t);
    const owner = await signedInAdmin(ctx, t, 'owner');
    const other = await signedInAdmin(ctx, t, 'owner');
    const before = await totals();
    const res = await thrownResponse(() =>
      createAdminUserWithForm(postForm('/admin/users', { ...newUser, csrf: other.csrfToken }, { cookie: owner.cookieHeader }), ctx),
    );
    expect(res.status).toBe(403);
    expect(await totals()).toEqual(before);
  });
});

describe('creating an admin user (owner only)', () => {
  it('creates the user and audits it with actor, request id and ip — never the password', async () => {
    const ctx = testContext(t);
    const owner = await signedInAdmin(ctx, t, 'owner');
    const result = await createAdminUserWithForm(postForm('/admin/users', { ...newUser, email: ' Mixed.Case@DotShop.test ', csrf: owner.csrfToken }, { cookie: owner.cookieHeader }), ctx);
    expect(result).toMatchObject({ ok: true, status: 201, user: { email: 'mixed.case@dotshop.test', role: 'support', name: 'New Person' } });
    if (!result.ok) return;
    const [row] = await t.primary.select().from(auditLog).where(eq(auditLog.action, 'admin_user.created'));
    expect(row).toMatchObject({
      actorType: 'admin',
      actorId: String(owner.user.id),
      actorLabel: owner.user.email,
      entityType: 'admin_user',
      entityId: String(result.user.id),
      requestId: ctx.requestId,
      ip: ctx.clientIp,
      before: null,
      after: { id: result.user.id, email: 'mixed.case@dotshop.test', name: 'New Person', role: 'support' },
    });
    expect(JSON.stringify(row)).not.toContain(newUser.password);
  });

  it('answers invalid input with 400 and field errors next to each field, writing nothing', async () => {
    const ctx = testContext(t);
    const owner = await signedInAdmin(ctx, t, 'owner');
    const before = await totals();
    const result = await createAdminUserWithForm(
      postForm('/admin/users', { intent: 'create-user', email: 'not an email', name: '', role: 'king', password: 'short', csrf: owner.csrfToken }, { cookie: owner.cookieHeader }),
      ctx,
    );
    expect(result).toMatchObject({ ok: false, status: 400, values: { email: 'not an email', role: 'king' } });
    if (result.ok) return;
    expect(result.fieldErrors).toEqual({
      email: ['Enter a valid email address.'],
      name: ['Enter a name.'],
      role: ['Choose a role.'],
      password: ['Use at least 12 characters.'],
    });
    expect(await totals()).toEqual(before);
  });

  it('refuses a duplicate email (any case) with a field error', async () => {
    const ctx = testContext(t);
    const owner = await signedInAdmin(ctx, t, 'owner');
    const result = await createAdminUserWithForm(
      postForm('/admin/users', { ...newUser, email: owner.user.email.toUpperCase(), csrf: owner.csrfToken }, { cookie: owner.cookieHeader }),
      ctx,
    );
    expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { email: ['An admin with this email already exists.'] } });
  });

  it.each(['support', 'finance'] as const)('a %s admin gets 403 even with a valid token', async (role) => {
    const ctx = testContext(t);
    const admin = await signedInAdmin(ctx, t, role);
    const before = await totals();
    const res = await thrownResponse(() =>
      createAdminUserWithForm(postForm('/admin/users', { ...newUser, email: `${role}.made@dotshop.test`, csrf: admin.csrfToken }, { cookie: admin.cookieHeader }), ctx),
    );
    expect(res.status).toBe(403);
    expect(await totals()).toEqual(before);
  });
});
