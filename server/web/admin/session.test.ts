import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSessions } from '../../../db/schema';
import { createTestDatabase, type TestDatabase } from '../../../db/testing/database';
import { findAdminSession, purgeExpiredAdminSessions } from '../../modules/admin';
import { ADMIN_SESSION_COOKIE_NAME, createAdminSessionCookie, getAdminSession, requireAdmin, safeAdminRedirectPath as safeRedirectPath } from './session';
import { getPage, makeAdmin, postForm, signedInAdmin, testContext, thrownResponse } from '../../testing/admin';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('adminsess');
});
afterAll(async () => t?.drop());

describe('admin sessions', () => {
  it('stores only a hash of the session id, with a 12 h expiry and its own CSRF token', async () => {
    const ctx = testContext(t);
    const admin = await signedInAdmin(ctx, t);
    const rows = await t.primary.select().from(adminSessions).where(eq(adminSessions.adminUserId, admin.user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0].id).not.toBe(admin.sessionId);
    expect(rows[0].id).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].csrfToken).toBe(admin.csrfToken);
    const hours = (rows[0].expiresAt.getTime() - rows[0].createdAt.getTime()) / 3_600_000;
    expect(hours).toBeCloseTo(12, 2);
  });

  it('rejects an expired session', async () => {
    const ctx = testContext(t);
    const admin = await signedInAdmin(ctx, t);
    expect(await findAdminSession(t.primary, admin.sessionId)).not.toBeNull();
    await t.primary.update(adminSessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(adminSessions.adminUserId, admin.user.id));
    expect(await findAdminSession(t.primary, admin.sessionId)).toBeNull();
    const res = await thrownResponse(() => requireAdmin(getPage('/admin/products', admin.cookieHeader), ctx));
    expect(res.status).toBe(302);
    expect(res.headers.get('Set-Cookie')).toMatch(/^__dotshop_admin=;/);
    expect(await purgeExpiredAdminSessions(t.primary)).toBeGreaterThanOrEqual(1);
  });

  it('rejects a cookie whose signature does not match SESSION_SECRET', async () => {
    const ctx = testContext(t);
    const admin = await signedInAdmin(ctx, t);
    const otherSecret = { ...ctx, config: { ...ctx.config, SESSION_SECRET: 'another-secret-of-at-least-thirty-two-chars' } };
    expect(await getAdminSession(getPage('/admin', admin.cookieHeader), otherSecret)).toBeNull();
    const tampered = `${ADMIN_SESSION_COOKIE_NAME}=${admin.value.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))}`;
    expect(await getAdminSession(getPage('/admin', tampered), ctx)).toBeNull();
  });

  it('looks the session up once per request (one load context), whatever the number of loaders asking', async () => {
    const ctx = testContext(t);
    const admin = await signedInAdmin(ctx, t);
    // Remix gives every loader its own Request copy but the same context.
    const first = getAdminSession(getPage('/admin', admin.cookieHeader), ctx);
    expect(getAdminSession(getPage('/admin', admin.cookieHeader), ctx)).toBe(first);
    expect((await first)?.user.id).toBe(admin.user.id);
    expect(getAdminSession(getPage('/admin', admin.cookieHeader), testContext(t))).not.toBe(first);
    expect(await getAdminSession(getPage('/admin'), ctx)).toBeNull();
  });
});

describe('requireAdmin', () => {
  it('redirects a signed-out visitor to sign-in, remembering the page', async () => {
    const ctx = testContext(t);
    const res = await thrownResponse(() => requireAdmin(getPage('/admin/products?q=silk&page=2'), ctx));
    expect(res.status).toBe(302);
    expect(res.headers.get('Location')).toBe('/admin/login?redirectTo=%2Fadmin%2Fproducts%3Fq%3Dsilk%26page%3D2');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Set-Cookie')).toBeNull();
    const home = await thrownResponse(() => requireAdmin(getPage('/admin'), ctx));
    expect(home.headers.get('Location')).toBe('/admin/login');
  });

  it('answers 403 when the role is not allowed, and returns the session when it is', async () => {
    const ctx = testContext(t);
    const support = await signedInAdmin(ctx, t, 'support');
    const res = await thrownResponse(() => requireAdmin(getPage('/admin/audit', support.cookieHeader), ctx, { roles: ['owner'] }));
    expect(res.status).toBe(403);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const ok = await requireAdmin(getPage('/admin/products', support.cookieHeader), ctx, { roles: ['owner', 'support'] });
    expect(ok.user).toMatchObject({ id: support.user.id, role: 'support' });
  });

  it('also guards actions (a POST without a session is sent to sign-in)', async () => {
    const res = await thrownResponse(() => requireAdmin(postForm('/admin/users', { intent: 'create-user' }), testContext(t)));
    expect(res.status).toBe(302);
  });

  it('hands out cookies usable as a Cookie header and by a browser context (fixture helper)', async () => {
    const ctx = testContext(t);
    const user = await makeAdmin(t, 'finance');
    const cookie = await createAdminSessionCookie(t.primary, { userId: user.id, config: ctx.config });
    expect(cookie.cookieHeader).toBe(`${cookie.name}=${cookie.value}`);
    expect((await requireAdmin(getPage('/admin', cookie.cookieHeader), ctx)).user.id).toBe(user.id);
  });
});

describe('safeRedirectPath', () => {
  it.each([
    ['/admin/products?q=1#x', '/admin/products?q=1#x'],
    ['/admin/audit', '/admin/audit'],
    ['https://evil.example', '/admin'],
    ['//evil.example', '/admin'],
    ['/\\evil.example', '/admin'],
    ['/\t/evil.example', '/admin'],
    ['admin', '/admin'],
    ['/admin/login', '/admin'],
    [undefined, '/admin'],
  ])('%s → %s', (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });
});
