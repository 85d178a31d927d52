// Helpers for the admin's integration tests: a Remix-like context on a per-file test database and
// requests that look like a browser's (same-origin, with or without the session cookie).
import { pino } from 'pino';
import type { TestDatabase } from '../../db/testing/database';
import { parseConfig } from '../platform/config';
import type { AppContext } from '../platform/context';
import { createAdminSessionCookie } from '../web/admin/session';
import { createAdminUser, type AdminRole } from '../modules/admin';

export const BASE = 'http://shop.test';

/** The part of the Remix context the admin uses. */
export type AdminTestContext = Pick<AppContext, 'db' | 'config' | 'logger' | 'requestId' | 'clientIp'>;

export function testContext(db: TestDatabase, overrides: Partial<AdminTestContext> = {}): AdminTestContext {
  return {
    db,
    config: parseConfig({ DOTSHOP_MODE: 'local' }),
    logger: pino({ level: 'silent' }),
    requestId: 'req-test-1',
    clientIp: '203.0.113.7',
    ...overrides,
  };
}

let counter = 0;
export async function makeAdmin(db: TestDatabase, role: AdminRole = 'owner', password = 'correct horse battery') {
  counter += 1;
  const email = `${role}-${counter}-${Math.random().toString(36).slice(2, 8)}@dotshop.test`;
  const user = await createAdminUser(db.primary, { email, name: `${role} ${counter}`, role, password });
  return { ...user, password };
}

/** A signed-in admin: the user, its session cookie header and CSRF token. */
export async function signedInAdmin(ctx: AdminTestContext, db: TestDatabase, role: AdminRole = 'owner') {
  const user = await makeAdmin(db, role);
  const cookie = await createAdminSessionCookie(db.primary, { userId: user.id, config: ctx.config });
  return { user, ...cookie };
}

export function postForm(path: string, fields: Record<string, string>, opts: { cookie?: string; origin?: string | null; referer?: string } = {}): Request {
  const headers = new Headers({ 'Content-Type': 'application/x-www-form-urlencoded' });
  if (opts.cookie) headers.set('Cookie', opts.cookie);
  if (opts.origin !== null) headers.set('Origin', opts.origin ?? BASE);
  if (opts.referer) headers.set('Referer', opts.referer);
  return new Request(`${BASE}${path}`, { method: 'POST', headers, body: new URLSearchParams(fields).toString() });
}

export function getPage(path: string, cookie?: string): Request {
  return new Request(`${BASE}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

/** Runs `fn`, expecting it to throw a Response; returns that Response. */
export async function thrownResponse(fn: () => Promise<unknown>): Promise<Response> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof Response) return err;
    throw err;
  }
  throw new Error('expected a thrown Response, but nothing was thrown');
}
