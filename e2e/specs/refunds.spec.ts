// Money after the order, as finance and the shopper see it: an admin marks an order fulfilled
// (the worker captures it), refunds part of it, and the shopper's order page shows the refund.
// A support user's attempt to refund is refused and audit-logged.
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../server/platform/config';
import { createAdminSessionCookie } from '../../server/web/admin/session';
import { money, orderByNumber } from '../commerce-db';
import { expect, test } from '../fixtures';
import { createTestAdmin, signInAs } from '../pages/admin';
import { newShopperEmail } from '../pages/checkout';
import { Shopper } from '../pages/shopper';

test('an admin refunds part of an order and the shopper’s order page shows it', async ({ page, browser, db, stock, baseURL }) => {
  const item = await stock.claim(20);
  const shopper = new Shopper(page, newShopperEmail('refund'));
  const number = await shopper.buyInUs(item);
  const shopperOrderUrl = page.url();
  const order = await orderByNumber(db, number);

  const adminContext = await browser.newContext();
  await signInAs(adminContext, db, 'owner', baseURL!);
  const admin = await adminContext.newPage();
  await admin.goto(`/admin/orders/${number}`);
  await admin.getByRole('button', { name: 'Mark fulfilled' }).click();
  await expect(admin.getByTestId('order-action-result')).toContainText('Marked fulfilled');
  // The worker captures asynchronously; the ledger-derived panel shows it when done.
  await expect
    .poll(
      async () => {
        await admin.reload();
        return admin.getByTestId('admin-payment-state').innerText();
      },
      { timeout: 20_000 },
    )
    .toContain(`captured ${money(order.total, 'USD')}`);

  const refund = admin.getByTestId('refund-form');
  await refund.getByLabel(/Refund amount in cents/).fill('abc');
  await refund.getByRole('button', { name: 'Refund' }).click();
  await expect(admin.getByText('Enter a whole number of cents, e.g. 2500 for 25.00.')).toBeVisible();
  await admin.getByTestId('refund-form').getByLabel(/Refund amount in cents/).fill('1250');
  await admin.getByTestId('refund-form').getByLabel('Reason').fill('Returned one item');
  await admin.getByTestId('refund-form').getByRole('button', { name: 'Refund' }).click();
  await expect(admin.getByTestId('order-action-result')).toContainText('Refund requested');
  await expect(admin.getByTestId('admin-refunded')).toHaveText(money(1250, 'USD'));
  await adminContext.close();

  await page.goto(shopperOrderUrl);
  await expect(page.getByTestId('order-refunded')).toContainText(money(1250, 'USD'));
  await expect(page.getByTestId('order-refunds')).toContainText(money(1250, 'USD'));
});

test('a support user attempting a refund gets 403 and the attempt is audit-logged', async ({ page, request, db, stock, baseURL }) => {
  const item = await stock.claim(20);
  const number = await new Shopper(page, newShopperEmail('refund-403')).buyInUs(item);
  const support = await createTestAdmin(db, 'support');
  const session = await createAdminSessionCookie(db.primary, { userId: support.id, config: loadConfig() });
  const res = await request.post(`/admin/orders/${number}`, {
    form: { intent: 'refund', amount: '500', requestKey: `support-attempt-${Date.now()}`, csrf: session.csrfToken },
    headers: { Cookie: session.cookieHeader, Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(403);
  const [row] = await db.primary.execute<{ n: number }>(
    sql`select count(*)::int as n from audit_log where action = 'order.refund.denied' and actor_label = ${support.email}`,
  );
  expect(row.n).toBe(1);
  const [refunds] = await db.primary.execute<{ n: number }>(sql`select count(*)::int as n from refunds r join orders o on o.id = r.order_id where o.number = ${number}`);
  expect(refunds.n).toBe(0);
});
