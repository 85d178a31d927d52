// Fails on purpose (the harness test expects a non-zero exit from Playwright).
import { expect, test } from '@playwright/test';

test('a red spec after a real request', async ({ request }) => {
  const res = await request.get('/readyz');
  expect(res.status()).toBe(200);
  expect((await res.json()).two).toBe(3);
});
