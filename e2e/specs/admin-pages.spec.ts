// Issue 13 §8: the Shopify sync page renders its lag chart without console errors (no NaN SVG
// attributes, no hydration errors, labels at text size). The sidebar on long pages: admin-sidebar.spec.ts.
import { expect, test } from '../fixtures';
import { signInAs } from '../pages/admin';
import { newShopperEmail } from '../pages/checkout';
import { Shopper } from '../pages/shopper';

test('the Shopify sync page logs no console error and its chart has numbers and readable labels', async ({ page, browser, stock, db, baseURL }) => {
  // An order pushed to Shopify gives the chart an outbound sample.
  const item = await stock.claim(20);
  await new Shopper(page, newShopperEmail('sync-chart')).buyInUs(item);

  const context = await browser.newContext();
  await signInAs(context, db, 'owner', baseURL!);
  const admin = await context.newPage();
  const errors: string[] = [];
  admin.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  admin.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await admin.goto('/admin/sync');
  await admin.waitForLoadState('networkidle');
  const chart = admin.getByTestId('lag-chart');
  await expect(chart).toBeVisible();
  const svg = await chart.evaluate((el) => el.outerHTML);
  expect(svg).not.toContain('NaN');
  // Labels render at text size, whatever the column width.
  const fontPx = await chart.locator('text').first().evaluate((el) => el.getBoundingClientRect().height);
  expect(fontPx).toBeLessThan(18);
  // Client-side navigation away and back renders it again without errors.
  await admin.getByRole('link', { name: 'Orders' }).click();
  await admin.getByRole('link', { name: 'Shopify sync' }).click();
  await expect(admin.getByTestId('lag-chart')).toBeVisible();
  expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  await context.close();
});
