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

test('an owner runs an inventory drift pass from /admin/sync and sees it recorded; support sees the list without the button', async ({ browser, db, baseURL }) => {
  const context = await browser.newContext();
  await signInAs(context, db, 'owner', baseURL!);
  const admin = await context.newPage();
  const errors: string[] = [];
  admin.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  admin.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await admin.goto('/admin/sync');
  await admin.getByRole('button', { name: 'Run drift pass now' }).click();
  await expect(admin.getByTestId('sync-result')).toContainText('Drift pass queued');
  // The worker runs it within seconds (local stack: the real worker, the Shopify emulator).
  await expect(async () => {
    await admin.reload();
    await expect(admin.getByTestId('drift-passes-table').locator('tbody tr').first()).toContainText(/admin\s*finished/, { timeout: 1000 });
  }).toPass({ timeout: 45_000 });
  await expect(admin.getByTestId('drift-summary')).toContainText(/Last pass .+: \d+ of \d+ SKUs drifting \(\d+\.\d %\)/);
  expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  await context.close();

  const staff = await browser.newContext();
  await signInAs(staff, db, 'support', baseURL!);
  const support = await staff.newPage();
  await support.goto('/admin/sync');
  await expect(support.getByTestId('drift-summary')).toBeVisible();
  await expect(support.getByRole('button', { name: 'Run drift pass now' })).toHaveCount(0);
  await staff.close();
});
