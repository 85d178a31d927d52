// What shoppers do to a checkout that must never cost them twice or sell what is gone: double
// click Place order, go Back and submit the same form again, and stock selling out while the item
// sits in the bag.
import { sql } from 'drizzle-orm';
import { ordersContaining, ordersForEmail, paymentIntentsForOrder } from '../commerce-db';
import { expect, test } from '../fixtures';
import { CartPage } from '../pages/cart';
import { cards, CheckoutPage, newShopperEmail } from '../pages/checkout';
import { Shopper } from '../pages/shopper';

test.describe('checkout consistency', () => {
  test('double click on Place order: one order, one PaymentIntent, and the shopper lands on the confirmation', async ({ page, db, stock }) => {
    const item = await stock.claim(20);
    const shopper = new Shopper(page, newShopperEmail('dblclick'));
    await shopper.reachUsCheckout(item);

    await shopper.checkout.placeOrderButton.dblclick();
    const number = await shopper.order.waitForOrder();
    await expect(shopper.order.confirmation).toContainText('Your order is confirmed');
    expect(await shopper.order.status()).toBe('Confirmed');

    const orders = await ordersForEmail(db, shopper.email);
    expect(orders.map((o) => [o.number, o.status])).toEqual([[number, 'authorized']]);
    expect(await ordersContaining(db, item)).toHaveLength(1);
    const intents = await paymentIntentsForOrder(orders[0].id);
    expect(intents.map((pi) => [pi.id, pi.status])).toEqual([[orders[0].paymentIntentId, 'requires_capture']]);
    expect(await stock.held(item)).toBe(1);
  });

  test('the same form posted twice at once (a submit that gets past the button, a network retry): both answers are the one order', async ({ page, db, stock }) => {
    const item = await stock.claim(20);
    const shopper = new Shopper(page, newShopperEmail('twice'));
    await shopper.reachUsCheckout(item);
    const fields = await shopper.checkout.placeOrderFields();

    // Two plain form posts with the shopper's cookies, in flight together: the second waits for the first and replays it.
    const post = () => page.request.post('/checkout', { form: Object.fromEntries(fields), maxRedirects: 0 });
    const answers = await Promise.all([post(), post()]);
    expect(answers.map((a) => a.status())).toEqual([302, 302]);
    const [first, second] = answers.map((a) => a.headers()['location']);
    expect(first).toMatch(/^\/orders\/DS-\d+\?token=.+&placed=1$/);
    expect(second).toBe(first);

    await page.goto(first);
    const number = await shopper.order.number();
    expect(await shopper.order.status()).toBe('Confirmed');
    const orders = await ordersForEmail(db, shopper.email);
    expect(orders.map((o) => [o.number, o.status])).toEqual([[number, 'authorized']]);
    expect((await paymentIntentsForOrder(orders[0].id)).map((pi) => pi.status)).toEqual(['requires_capture']);
    expect(await stock.held(item)).toBe(1);
  });

  test('Back after ordering, then the same checkout form submitted again: the same order, not a second one', async ({ page, db, stock }) => {
    const item = await stock.claim(20);
    const shopper = new Shopper(page, newShopperEmail('back'));
    await shopper.reachUsCheckout(item);
    const submitted = await shopper.checkout.placeOrderFields();
    const key = await shopper.checkout.idempotencyKey();

    await shopper.checkout.placeOrder();
    const number = await shopper.order.waitForOrder();

    await page.goBack();
    // The bag became the order: checkout is not offered again, the bag is empty.
    const bag = new CartPage(page);
    await expect(page).toHaveURL(/\/cart$/);
    await expect(bag.empty).toBeVisible();

    // The browser resubmits the form it rendered (same fields, same key) as a plain POST.
    await page.evaluate((fields) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = '/checkout';
      for (const [name, value] of fields) form.appendChild(Object.assign(document.createElement('input'), { type: 'hidden', name, value }));
      document.body.appendChild(form);
      HTMLFormElement.prototype.submit.call(form);
    }, submitted);
    expect(await shopper.order.waitForOrder()).toBe(number);
    expect(await shopper.order.status()).toBe('Confirmed');

    const orders = await ordersForEmail(db, shopper.email);
    expect(orders.map((o) => [o.number, o.status])).toEqual([[number, 'authorized']]);
    expect(await ordersContaining(db, item)).toHaveLength(1);
    expect(await paymentIntentsForOrder(orders[0].id)).toHaveLength(1);
    expect(await stock.held(item)).toBe(1);
    const keys = await db.primary.execute<{ key: string }>(sql`select key from idempotency_keys where scope = ${`checkout:${orders[0].cartId}`}`);
    expect(keys.map((k) => k.key)).toEqual([key]);
  });

  test('a second tab with its own checkout form cannot order the same bag again', async ({ page, context, db, stock }) => {
    const item = await stock.claim(20);
    const shopper = new Shopper(page, newShopperEmail('two-tabs'));
    await shopper.reachUsCheckout(item);
    const otherTab = new Shopper(await context.newPage(), shopper.email);
    await otherTab.checkout.goto();
    await otherTab.checkout.fillContact(shopper.email);
    await otherTab.checkout.fillUsAddress();
    await otherTab.checkout.payWith(cards.visa);
    expect(await otherTab.checkout.idempotencyKey()).not.toBe(await shopper.checkout.idempotencyKey());

    await shopper.checkout.placeOrder();
    const number = await shopper.order.waitForOrder();
    await otherTab.checkout.placeOrder();
    await expect(otherTab.page).toHaveURL(/\/cart\?notice=closed$/);
    await expect(otherTab.bag.notice).toHaveText('That bag has already been checked out.');
    await expect(otherTab.bag.empty).toBeVisible();

    expect((await ordersForEmail(db, shopper.email)).map((o) => o.number)).toEqual([number]);
    expect(await stock.held(item)).toBe(1);
  });

  test('sold out after it went in the bag: the bag flags it and checkout stays closed', async ({ page, db, stock }) => {
    const item = await stock.claim(1);
    const email = newShopperEmail('soldout-bag');
    const bag = new CartPage(page);
    await bag.addFromProductPage(item.handle, item.sku);
    expect((await bag.lines()).map((l) => [l.sku, l.quantity])).toEqual([[item.sku, 1]]);

    await stock.setSellable(item, 0); // someone else bought the last one (or Shopify's count dropped)
    const checkout = new CheckoutPage(page);
    await checkout.goto();
    await expect(page).toHaveURL(/\/cart$/);
    expect((await bag.lines()).map((l) => [l.sku, l.problem])).toEqual([[item.sku, 'Sold out since you added it']]);
    await expect(bag.stockWarning).toHaveText('Some items are no longer available in the quantity you chose. Adjust your bag to continue.');
    await expect(bag.checkoutButton).toHaveCount(0);

    expect(await ordersContaining(db, item)).toHaveLength(0);
    expect(await ordersForEmail(db, email)).toHaveLength(0);
  });

  test('sold out while on the checkout form: Place order shows an adjusted bag, never an order', async ({ page, db, stock }) => {
    const lastOne = await stock.claim(1);
    const plenty = await stock.claim(20);
    const lastOneBefore = await stock.level(lastOne);
    const shopper = new Shopper(page, newShopperEmail('soldout-checkout'));
    await shopper.bag.addFromProductPage(plenty.handle, plenty.sku);
    await shopper.reachUsCheckout(lastOne);

    await stock.setSellable(lastOne, 0);
    await shopper.checkout.placeOrder();
    await expect(page).toHaveURL(/\/cart\?notice=adjusted$/);
    await expect(shopper.bag.notice).toHaveText('Some items sold out while in your bag; we updated it.');
    expect((await shopper.bag.lines()).map((l) => [l.sku, l.quantity, l.problem])).toEqual([[plenty.sku, 1, null]]);

    expect(await ordersForEmail(db, shopper.email)).toHaveLength(0);
    expect(await ordersContaining(db, lastOne)).toHaveLength(0);
    expect(await ordersContaining(db, plenty)).toHaveLength(0);
    expect(await stock.level(lastOne)).toEqual({ ...lastOneBefore, available: lastOneBefore.available - 1, sellable: 0 });
    expect(await stock.held(plenty)).toBe(0);

    // The adjusted bag checks out normally.
    await shopper.bag.checkout();
    await shopper.checkout.fillContact(shopper.email);
    await shopper.checkout.fillUsAddress();
    await shopper.checkout.payWith(cards.visa);
    await shopper.checkout.placeOrder();
    await shopper.order.waitForOrder();
    const orders = await ordersForEmail(db, shopper.email);
    expect(orders.map((o) => o.status)).toEqual(['authorized']);
    expect(await ordersContaining(db, lastOne)).toHaveLength(0);
  });
});
