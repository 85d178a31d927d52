// Issue 12 §5: with the primary out of reach, a write answers at once with a calm
// 503 primary_unavailable (no 30 s hang, nothing written) — and a statement that merely failed is
// still a 500. The database is a real closed port, not a mock.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cartsRoute from '../../../app/routes/api.v1.carts';
import { createDatabases, type Databases } from '../../../db/client';
import { isDatabaseUnavailable } from '../../platform/errors';
import { callRoute, startApiTestStack, type ApiTestStack } from './test-context';

let stack: ApiTestStack;
let gone: Databases;
beforeAll(async () => {
  stack = await startApiTestStack('primary-unavailable');
  // A port nobody listens on: the primary after a crash.
  const probe = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => probe.once('listening', r));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((r) => probe.close(r));
  gone = createDatabases({ url: `postgres://postgres:x@127.0.0.1:${port}/dotshop`, max: 1 });
});
afterAll(async () => {
  await gone?.close().catch(() => {});
  await stack?.close();
});

describe('the primary out of reach', () => {
  it('a write through the API answers 503 primary_unavailable with Retry-After', async () => {
    const res = await callRoute(cartsRoute, { ...stack.context, db: gone }, 'POST', '/api/v1/carts', { body: { region: 'us' } });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('primary_unavailable');
    expect(res.headers.get('Retry-After')).toBe('30');
  });

  it('tells an unreachable database from a failed statement', async () => {
    const err = await gone.primary.execute('select 1' as never).catch((e: unknown) => e);
    expect(isDatabaseUnavailable(err)).toBe(true);
    const failed = await stack.t.primary.execute('select * from no_such_table' as never).catch((e: unknown) => e);
    expect(isDatabaseUnavailable(failed)).toBe(false);
    expect(isDatabaseUnavailable({ code: '57P01' })).toBe(true);
    expect(isDatabaseUnavailable(new Error('x', { cause: { code: 'CONNECT_TIMEOUT' } }))).toBe(true);
  });
});
