// Issue 11 §2.5 in a real browser: with the Content-Security-Policy on, every page's inline
// scripts run (they carry the response's nonce), the app hydrates and client-side navigation and
// fetchers work, and the browser reports no CSP violation on the storefront, bag and checkout.
import { sql } from 'drizzle-orm';
import { expect, test } from '../fixtures';

test('storefront, bag and checkout run under the CSP with no violation', async ({ page, db }) => {
  await page.addInitScript(() => {
    (window as unknown as { __csp: string[] }).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const [product] = await db.primary.execute<{ handle: string }>(sql`select p.handle from products p join variants v on v.product_id = p.id join inventory i on i.variant_id = v.id where p.status = 'active' and i.sellable > 5 order by p.id limit 1`);
  const response = await page.goto('/');
  const csp = response!.headers()['content-security-policy'];
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(response!.headers()['x-frame-options']).toBe('DENY');
  // Remix's inline scripts carry the header's nonce, and the app hydrated (its context exists and a
  // client-side navigation happens without a document request).
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  const scriptNonces = await page.locator('script:not([src]):not([type="application/ld+json"])').evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scriptNonces.length).toBeGreaterThan(0);
  for (const n of scriptNonces) expect(n).toBe(nonce);
  await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined);
  await page.goto(`/products/${product.handle}`);
  await page.getByRole('button', { name: /add to bag/i }).first().click();
  await expect(page.getByRole('status').filter({ hasText: /added|bag/i }).first()).toBeVisible();
  await page.goto('/cart');
  await page.goto('/checkout');
  await expect(page.getByTestId('place-order')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
});
