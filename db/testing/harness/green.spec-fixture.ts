// Passes (the harness test expects exit 0 from Playwright).
import { expect, test } from '@playwright/test';

test('a green spec after a real request', async ({ request }) => {
  const res = await request.get('/readyz');
  expect(res.status()).toBe(200);
  expect((await res.json()).two).toBe(2);
});
