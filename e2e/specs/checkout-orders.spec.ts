// After the purchase: the shopper finds the order again by number + email (and a wrong email
// learns nothing), and support sees it in the admin with the outbox jobs it caused.
import { orderByNumber, money } from '../commerce-db';
import { expect, test } from '../fixtures';
import { AdminShellPage, signInAs } from '../pages/admin';
import { newShopperEmail } from '../pages/checkout';
import { OrderLookupPage, OrderPage } from '../pages/order';
import { Shopper } from '../pages/shopper';

test.describe('orders after checkout', () => {
  test('order lookup by number + email shows lines, totals and the status timeline; a wrong email gets the generic message', async ({ page, db, stock }) => {
    const item = await stock.claim(20);
    const shopper = new Shopper(page, newShopperEmail('lookup'));
    const number = await shopper.buyInUs(item);
    const order = await orderByNumber(db, number);

    const lookup = new OrderLookupPage(page);
    await lookup.goto();
    await expect(lookup.heading).toBeVisible();
    await lookup.lookUp(number, shopper.email.toUpperCase()); // email match ignores case
    await expect(page).toHaveURL(new RegExp(`/orders/${number}\\?token=`));
    const orderPage = new OrderPage(page);
    await expect(page.getByRole('heading', { level: 1, name: `Order ${number}` })).toBeVisible();
    expect(await orderPage.number()).toBe(number);
    expect(await orderPage.status()).toBe('Confirmed');
    expect(await orderPage.lines()).toEqual([`1 × ${item.productTitle} ${item.variantTitle}`]);
    expect(await orderPage.totals()).toEqual({
      Subtotal: money(order.subtotal, 'USD'),
      Shipping: order.shipping === 0 ? 'Free' : money(order.shipping, 'USD'), // free from $150: depends on the variant claimed
      Tax: money(order.tax, 'USD'),
      Total: money(order.total, 'USD'),
    });
    expect(await orderPage.timelineStatuses()).toEqual(['Awaiting payment', 'Confirmed']);

    for (const [n, email] of [
      [number, 'someone-else@dotshop.test'],
      ['DS-99999999', shopper.email],
    ]) {
      await lookup.goto();
      expect(await lookup.lookUp(n, email)).toBe(404);
      await expect(lookup.error).toHaveText('We could not find an order with that number and email.');
      await expect(page.getByTestId('order-number')).toHaveCount(0);
    }

    // The order page itself needs the signed token: without it, the lookup form asks.
    await page.goto(`/orders/${number}`);
    await expect(page).toHaveURL(new RegExp(`/orders/lookup\\?number=${number}$`));
    await expect(page.getByLabel('Order number')).toHaveValue(number);
  });

  test('admin: the order is listed, and its detail shows the payment and the outbox jobs (email + Shopify push)', async ({ page, context, db, stock, baseURL }) => {
    const item = await stock.claim(20);
    const shopper = new Shopper(page, newShopperEmail('admin'));
    const number = await shopper.buyInUs(item);
    const order = await orderByNumber(db, number);

    await signInAs(context, db, 'owner', baseURL!);
    await page.goto(`/admin/orders?q=${encodeURIComponent(shopper.email)}`);
    await expect(page.getByTestId('order-count')).toHaveText('1 order');
    const row = page.getByTestId('order-table').getByRole('row', { name: new RegExp(number) });
    await expect(row).toContainText(shopper.email);
    await expect(row).toContainText('Confirmed');
    await row.getByRole('link', { name: number }).click();

    await expect(page.getByRole('heading', { level: 1, name: `Order ${number}` })).toBeVisible();
    await expect(page.getByTestId('admin-order-status')).toHaveText('Confirmed');
    await expect(page.getByTestId('order-payment')).toContainText(order.paymentIntentId!);
    await expect(page.getByTestId('admin-order-lines')).toContainText(item.sku);

    // The jobs were written with the authorization; the worker completes them shortly after.
    const jobs = page.getByTestId('order-jobs');
    const jobRow = (queue: string) => jobs.getByRole('row').filter({ has: page.getByRole('cell', { name: queue, exact: true }) });
    await expect(jobRow('orders.send-confirmation-email')).toHaveCount(1);
    await expect(jobRow('shopify.push-order')).toHaveCount(1);
    await expect(async () => {
      await page.reload();
      await expect(jobRow('orders.send-confirmation-email')).toContainText('completed', { timeout: 1_000 });
      await expect(jobRow('shopify.push-order')).toContainText('completed', { timeout: 1_000 });
    }).toPass({ timeout: 20_000, intervals: [500, 1_000, 2_000] });

    // The confirmation is in the local mailbox.
    await new AdminShellPage(page).open('Mailbox (local)');
    await expect(page.getByTestId('mail').filter({ hasText: `Your DotShop order ${number}` })).toContainText(shopper.email);
  });
});
