import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSessions, adminUsers, auditLog } from '../../../db/schema';
import { createTestDatabase, type TestDatabase } from '../../../db/testing/database';
import { LOCKOUT_THRESHOLD, SIGN_IN_FAILED_MESSAGE, signIn } from './auth';
import { signInWithForm, signOutWithForm } from '../../web/admin/sign-in-form';
import { findAdminSession } from './sessions';
import { BASE, makeAdmin, postForm, signedInAdmin, testContext, thrownResponse } from '../../testing/admin';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('adminauth');
});
afterAll(async () => t?.drop());

const meta = { ip: '203.0.113.7', requestId: 'req-auth' };
const auditFor = (userId: number) =>
  t.primary.select().from(auditLog).where(eq(auditLog.actorId, String(userId))).orderBy(auditLog.id);
const userRow = async (id: number) => (await t.primary.select().from(adminUsers).where(eq(adminUsers.id, id)))[0];

describe('signIn', () => {
  it('signs in with the right password: a session row, last_login_at, and an audit row without the password', async () => {
    const user = await makeAdmin(t, 'support');
    const result = await signIn(t.primary, { email: user.email.toUpperCase(), password: user.password, ...meta });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.user).toMatchObject({ id: user.id, role: 'support' });
    expect(await findAdminSession(t.primary, result.session.id)).toMatchObject({ user: { id: user.id }, csrfToken: result.session.csrfToken });
    expect((await userRow(user.id)).lastLoginAt).toBeInstanceOf(Date);
    const audit = await auditFor(user.id);
    expect(audit.map((a) => a.action)).toEqual(['admin.sign_in']);
    expect(audit[0]).toMatchObject({ actorType: 'admin', actorLabel: user.email, ip: meta.ip, requestId: meta.requestId, entityType: 'admin_user' });
    expect(JSON.stringify(audit)).not.toContain(user.password);
  });

  it('refuses a wrong password with the generic message and audits the failure', async () => {
    const user = await makeAdmin(t);
    const result = await signIn(t.primary, { email: user.email, password: 'not the password', ...meta });
    expect(result).toEqual({ ok: false, message: SIGN_IN_FAILED_MESSAGE });
    expect((await userRow(user.id)).failedAttempts).toBe(1);
    const audit = await auditFor(user.id);
    expect(audit.map((a) => a.action)).toEqual(['admin.sign_in_failed']);
    expect(JSON.stringify(audit)).not.toContain('not the password');
  });

  it('gives an unknown email exactly the same answer, and audits it by the typed email', async () => {
    const result = await signIn(t.primary, { email: 'Nobody@DotShop.test', password: 'whatever it is', ...meta });
    expect(result).toEqual({ ok: false, message: SIGN_IN_FAILED_MESSAGE });
    const [row] = await t.primary.select().from(auditLog).where(eq(auditLog.actorLabel, 'nobody@dotshop.test'));
    expect(row).toMatchObject({ action: 'admin.sign_in_failed', actorId: null, after: { reason: 'unknown_email' } });
  });

  it(`locks the account after ${LOCKOUT_THRESHOLD} failures: even the right password is then refused, generically`, async () => {
    const user = await makeAdmin(t);
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) await signIn(t.primary, { email: user.email, password: `wrong ${i}`, ...meta });
    const locked = await userRow(user.id);
    expect(locked.failedAttempts).toBe(LOCKOUT_THRESHOLD);
    expect(locked.lockedUntil!.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(locked.lockedUntil!.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000 + 5_000);

    const right = await signIn(t.primary, { email: user.email, password: user.password, ...meta });
    expect(right).toEqual({ ok: false, message: SIGN_IN_FAILED_MESSAGE });
    expect(await t.primary.select().from(adminSessions).where(eq(adminSessions.adminUserId, user.id))).toHaveLength(0);
    const actions = (await auditFor(user.id)).map((a) => a.action);
    expect(actions.filter((a) => a === 'admin.sign_in_failed')).toHaveLength(LOCKOUT_THRESHOLD);
    expect(actions).toContain('admin.account_locked');
    expect(actions.at(-1)).toBe('admin.sign_in_locked');
  });

  it('a stranger\'s wrong guesses cannot lock the owner out: the right password from a known device passes the lock (issue 11 §2.1)', async () => {
    const user = await makeAdmin(t);
    const other = await makeAdmin(t);
    for (let i = 0; i < LOCKOUT_THRESHOLD + 2; i++) await signIn(t.primary, { email: user.email, password: `attacker ${i}`, ip: '198.51.100.9' });
    expect((await userRow(user.id)).lockedUntil).not.toBeNull();
    // No device, or another account's device: still locked, generically.
    expect(await signIn(t.primary, { email: user.email, password: user.password, ...meta })).toEqual({ ok: false, message: SIGN_IN_FAILED_MESSAGE });
    expect(await signIn(t.primary, { email: user.email, password: user.password, knownDeviceUserId: other.id, ...meta })).toEqual({ ok: false, message: SIGN_IN_FAILED_MESSAGE });
    // A known device with a wrong password gets nothing either.
    expect((await signIn(t.primary, { email: user.email, password: 'still wrong', knownDeviceUserId: user.id, ...meta })).ok).toBe(false);
    // The owner's own device with the right password: in, and the count starts again.
    const owner = await signIn(t.primary, { email: user.email, password: user.password, knownDeviceUserId: user.id, ...meta });
    expect(owner.ok).toBe(true);
    expect(await userRow(user.id)).toMatchObject({ failedAttempts: 0, lockedUntil: null });
    const last = (await auditFor(user.id)).at(-1)!;
    expect(last.action).toBe('admin.sign_in');
    expect(last.after).toMatchObject({ knownDevice: true, passedLockFromKnownDevice: true });
  });

  it('the sign-in form sets the known-device cookie, and reads it back on the next sign-in while locked', async () => {
    const user = await makeAdmin(t);
    const first = await signInWithForm(postForm('/admin/login', { intent: 'sign-in', email: user.email, password: user.password }), testContext(t));
    if (first.kind !== 'signed-in') throw new Error('expected a sign-in');
    const device = first.headers.getSetCookie().find((c) => c.startsWith('__dotshop_admin_device='))!;
    expect(device).toMatch(/HttpOnly/i);
    expect(device).toMatch(/Path=\/admin/);
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) await signIn(t.primary, { email: user.email, password: `attacker ${i}` });
    const cookie = device.split(';')[0];
    const again = await signInWithForm(postForm('/admin/login', { intent: 'sign-in', email: user.email, password: user.password }, { cookie }), testContext(t));
    expect(again.kind).toBe('signed-in');
    // A forged cookie (signature broken) is no device at all.
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) await signIn(t.primary, { email: user.email, password: `attacker ${i}` });
    const forged = cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const refused = await signInWithForm(postForm('/admin/login', { intent: 'sign-in', email: user.email, password: user.password }, { cookie: forged }), testContext(t));
    expect(refused.kind).toBe('refused');
  });

  it('lets the account in again once the lock has run out, with a fresh count', async () => {
    const user = await makeAdmin(t);
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) await signIn(t.primary, { email: user.email, password: `wrong ${i}`, ...meta });
    await t.primary.update(adminUsers).set({ lockedUntil: sql`now() - interval '1 second'` }).where(eq(adminUsers.id, user.id));
    await signIn(t.primary, { email: user.email, password: 'wrong again', ...meta });
    expect(await userRow(user.id)).toMatchObject({ failedAttempts: 1, lockedUntil: null });
    expect((await signIn(t.primary, { email: user.email, password: user.password, ...meta })).ok).toBe(true);
  });

  it('resets the failure count on success', async () => {
    const user = await makeAdmin(t);
    for (let i = 0; i < LOCKOUT_THRESHOLD - 1; i++) await signIn(t.primary, { email: user.email, password: `wrong ${i}`, ...meta });
    expect((await userRow(user.id)).failedAttempts).toBe(LOCKOUT_THRESHOLD - 1);
    expect((await signIn(t.primary, { email: user.email, password: user.password, ...meta })).ok).toBe(true);
    expect(await userRow(user.id)).toMatchObject({ failedAttempts: 0, lockedUntil: null });
    await signIn(t.primary, { email: user.email, password: 'wrong once more', ...meta });
    expect(await userRow(user.id)).toMatchObject({ failedAttempts: 1, lockedUntil: null });
  });

  it('counts concurrent failures exactly: the lock lands at the threshold and later attempts do not count', async () => {
    const user = await makeAdmin(t);
    const attempts = 9;
    const results = await Promise.all(
      Array.from({ length: attempts }, (_, i) => signIn(t.primary, { email: user.email, password: `parallel wrong ${i}`, ...meta })),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    const row = await userRow(user.id);
    expect(row.failedAttempts).toBe(LOCKOUT_THRESHOLD);
    expect(row.lockedUntil).not.toBeNull();
    const actions = (await auditFor(user.id)).map((a) => a.action);
    expect(actions.filter((a) => a === 'admin.sign_in_failed')).toHaveLength(LOCKOUT_THRESHOLD);
    expect(actions.filter((a) => a === 'admin.account_locked')).toHaveLength(1);
    expect(actions.filter((a) => a === 'admin.sign_in_locked')).toHaveLength(attempts - LOCKOUT_THRESHOLD);
  });
});

describe('the sign-in form action', () => {
  it('answers malformed input with 400 and field errors, writing nothing', async () => {
    const ctx = testContext(t);
    const before = await t.primary.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    const result = await signInWithForm(postForm('/admin/login', { intent: 'sign-in', email: 'not-an-email', password: '' }), ctx);
    expect(result).toMatchObject({ kind: 'invalid', status: 400, email: 'not-an-email' });
    if (result.kind !== 'invalid') return;
    expect(result.fieldErrors.email).toEqual(['Enter a valid email address.']);
    expect(result.fieldErrors.password).toEqual(['Enter your password.']);
    expect(await t.primary.select({ n: sql<number>`count(*)::int` }).from(auditLog)).toEqual(before);
  });

  it('answers wrong credentials with 401 and the generic message', async () => {
    const user = await makeAdmin(t);
    const result = await signInWithForm(postForm('/admin/login', { intent: 'sign-in', email: user.email, password: 'nope nope nope' }), testContext(t));
    expect(result).toEqual({ kind: 'refused', status: 401, formError: SIGN_IN_FAILED_MESSAGE, email: user.email });
  });

  it('signs in: a signed, httpOnly, SameSite=Lax cookie and the requested same-site page', async () => {
    const user = await makeAdmin(t);
    const result = await signInWithForm(
      postForm('/admin/login', { intent: 'sign-in', email: user.email, password: user.password, redirectTo: '/admin/products?q=silk' }),
      testContext(t),
    );
    expect(result.kind).toBe('signed-in');
    if (result.kind !== 'signed-in') return;
    expect(result.redirectTo).toBe('/admin/products?q=silk');
    const setCookie = result.headers.get('Set-Cookie')!;
    expect(setCookie).toMatch(/^__dotshop_admin=[^;]+\.[^;]+;/); // value.signature
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Max-Age=43200/);
    expect(setCookie).not.toMatch(/Secure/); // local mode only
    expect(result.headers.get('Cache-Control')).toBe('no-store');
  });

  it('marks the cookie Secure outside local mode', async () => {
    const user = await makeAdmin(t);
    const ctx = testContext(t);
    const prod = { ...ctx, config: { ...ctx.config, isLocal: false } };
    const result = await signInWithForm(postForm('/admin/login', { intent: 'sign-in', email: user.email, password: user.password }), prod);
    if (result.kind !== 'signed-in') throw new Error(result.kind);
    expect(result.headers.get('Set-Cookie')).toMatch(/; Secure/);
  });

  it.each([
    ['https://evil.example', undefined],
    ['null', undefined],
  ])('refuses a cross-site POST (Origin %s) with 403 before reading credentials', async (origin, referer) => {
    const user = await makeAdmin(t);
    const res = await thrownResponse(() =>
      signInWithForm(postForm('/admin/login', { intent: 'sign-in', email: user.email, password: user.password }, { origin, referer }), testContext(t)),
    );
    expect(res.status).toBe(403);
    expect(await auditFor(user.id)).toHaveLength(0);
  });

  it('falls back to the Referer without an Origin, and refuses a request with neither', async () => {
    const user = await makeAdmin(t);
    const ok = await signInWithForm(
      postForm('/admin/login', { intent: 'sign-in', email: user.email, password: user.password }, { origin: null, referer: `${BASE}/admin/login` }),
      testContext(t),
    );
    expect(ok.kind).toBe('signed-in');
    const cross = await thrownResponse(() =>
      signInWithForm(postForm('/admin/login', { intent: 'sign-in', email: user.email, password: user.password }, { origin: null, referer: 'https://evil.example/x' }), testContext(t)),
    );
    expect(cross.status).toBe(403);
    const none = await thrownResponse(() =>
      signInWithForm(postForm('/admin/login', { intent: 'sign-in', email: user.email, password: user.password }, { origin: null }), testContext(t)),
    );
    expect(none.status).toBe(403);
  });

  it('ignores an off-site redirectTo', async () => {
    const user = await makeAdmin(t);
    for (const redirectTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
      const result = await signInWithForm(postForm('/admin/login', { intent: 'sign-in', email: user.email, password: user.password, redirectTo }), testContext(t));
      expect(result).toMatchObject({ kind: 'signed-in', redirectTo: '/admin' });
    }
  });

  it('ends a session the browser already had (no fixation)', async () => {
    const ctx = testContext(t);
    const planted = await signedInAdmin(ctx, t, 'support');
    const result = await signInWithForm(
      postForm('/admin/login', { intent: 'sign-in', email: planted.user.email, password: planted.user.password }, { cookie: planted.cookieHeader }),
      ctx,
    );
    expect(result.kind).toBe('signed-in');
    expect(await findAdminSession(t.primary, planted.sessionId)).toBeNull();
  });
});

describe('sign-out', () => {
  it('deletes the session row, clears the cookie and audits it', async () => {
    const ctx = testContext(t);
    const admin = await signedInAdmin(ctx, t, 'finance');
    const headers = await signOutWithForm(postForm('/admin/logout', { csrf: admin.csrfToken }, { cookie: admin.cookieHeader }), ctx);
    expect(headers.get('Set-Cookie')).toMatch(/^__dotshop_admin=;.*Max-Age=0/);
    expect(await findAdminSession(t.primary, admin.sessionId)).toBeNull();
    const [row] = await auditFor(admin.user.id);
    expect(row).toMatchObject({ action: 'admin.sign_out', requestId: ctx.requestId, ip: ctx.clientIp });
  });

  it('needs the CSRF token: without it, 403 and the session survives', async () => {
    const ctx = testContext(t);
    const admin = await signedInAdmin(ctx, t);
    const res = await thrownResponse(() => signOutWithForm(postForm('/admin/logout', { csrf: 'forged' }, { cookie: admin.cookieHeader }), ctx));
    expect(res.status).toBe(403);
    expect(await findAdminSession(t.primary, admin.sessionId)).not.toBeNull();
    expect(await auditFor(admin.user.id)).toHaveLength(0);
  });
});
