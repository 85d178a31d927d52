import { sql } from 'drizzle-orm';
import { expect, test } from '../fixtures';

test('the server is ready, serves request ids and metrics, and the e2e database is reachable', async ({ request, db }) => {
  const ready = await request.get('/readyz');
  expect(ready.status()).toBe(200);
  expect(ready.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  const metrics = await (await request.get('/metrics')).text();
  expect(metrics).toContain('http_request_duration_seconds_bucket{');
  const [row] = await db.primary.execute<{ n: number }>(sql`select count(*)::int as n from products`);
  expect(row.n).toBeGreaterThanOrEqual(0);
});
