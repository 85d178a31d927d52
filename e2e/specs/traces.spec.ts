// Issue 13: a newcomer places an order and follows it end to end in /admin/traces — the checkout
// POST, its SQL and Stripe's authorization in the web process, then the outbox job, the worker's
// Shopify push and its acknowledgement (the worker's spans reach the web's ring in local mode).
import { expect, test } from '../fixtures';
import { signInAs } from '../pages/admin';
import { newShopperEmail } from '../pages/checkout';
import { Shopper } from '../pages/shopper';

test('the owner opens /admin/traces after a checkout and sees its waterfall, worker included', async ({ page, browser, stock, db, baseURL }) => {
  const item = await stock.claim(20);
  await new Shopper(page, newShopperEmail('traces')).buyInUs(item);

  const adminContext = await browser.newContext();
  await signInAs(adminContext, db, 'owner', baseURL!);
  const admin = await adminContext.newPage();
  const errors: string[] = [];
  admin.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  admin.on('pageerror', (e) => errors.push(e.message));

  await admin.goto('/admin/traces');
  await expect(admin.getByRole('heading', { name: 'Traces' })).toBeVisible();
  const checkoutTrace = admin.getByTestId('traces-table').getByRole('link', { name: 'POST routes/checkout' }).first();
  await expect(checkoutTrace).toBeVisible();
  // The worker's spans arrive a moment later (its exporter batches every second).
  await expect
    .poll(
      async () => {
        await checkoutTrace.click();
        const names = await admin.getByTestId('trace-span').allInnerTexts();
        await admin.goto('/admin/traces');
        return names.join('\n');
      },
      { timeout: 20_000, intervals: [1000] },
    )
    .toMatch(/shopify acknowledgement/);
  await checkoutTrace.click();
  const waterfall = admin.getByTestId('trace-waterfall');
  for (const name of ['action routes/checkout', 'db transaction', 'WITH jsonb_to_recordset', 'stripe authorize', 'job shopify.push-order', 'shopify push order', 'shopify acknowledgement']) {
    await expect(waterfall.getByText(name, { exact: false }).first()).toBeVisible();
  }
  await expect(waterfall).toContainText('dotshop-worker');
  expect(errors).toEqual([]);
  await adminContext.close();
});

test('a support user may not open /admin/traces', async ({ browser, db, baseURL }) => {
  const context = await browser.newContext();
  await signInAs(context, db, 'support', baseURL!);
  const page = await context.newPage();
  const res = await page.goto('/admin/traces');
  expect(res?.status()).toBe(403);
  await context.close();
});
