// Every storefront and checkout page as a keyboard, screen-reader or phone user meets it: axe-core
// finds 0 violations (WCAG 2.x A/AA and best practices) on a desktop and a phone viewport; focus
// lands on the result of what the shopper did; and a whole purchase is made with Tab, typing and
// Enter alone, Enter in the card field placing the order.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { sql } from 'drizzle-orm';
import { expect, test } from '../fixtures';
import { CartPage } from '../pages/cart';
import { CheckoutPage, newShopperEmail } from '../pages/checkout';
import { OrderPage } from '../pages/order';
import { ProductPage } from '../pages/ProductPage';

/** Axe's violations as short lines (rule, impact, first offending nodes), so a failure says what to fix. */
async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

async function expectNoViolations(page: Page, what: string) {
  await page.waitForLoadState('load');
  expect(await axeViolations(page), what).toEqual([]);
}

/** Presses Tab until `target` has focus (at most `max` times): how a keyboard user reaches it. */
async function tabTo(page: Page, target: Locator, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

const focused = (page: Page) => page.locator('*:focus');

/** The add form gets its idempotency key once React has hydrated: before that, Enter posts it as a plain form (no focus to manage). */
async function waitForHydration(product: ProductPage) {
  await product.addToBag.locator('input[name="idempotencyKey"]').waitFor({ state: 'attached' });
}

const viewports = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
];

for (const vp of viewports) {
  test.describe(`axe: 0 violations (${vp.name})`, () => {
    test.use({ viewport: vp.viewport, ...(vp.isMobile ? { isMobile: true, hasTouch: true } : {}) });
    // axe walks every node of a page: several pages per test on two shared cores.
    test.setTimeout(150_000);

    // One test per page (a slow machine then times out one page, not the whole list).
    for (const url of ['/', '/eu', '/collections/fashion', '/eu/collections/beauty?sort=price-asc', '/search?q=linen', '/eu/search?q=zzzqqq', '/products/no-such-thing', '/region', '/orders/lookup']) {
      test(`catalog and info page ${url}`, async ({ page }) => {
        await page.goto(url);
        await expectNoViolations(page, url);
      });
    }

    test('product pages in both markets', async ({ page, stock }) => {
      const item = await stock.claim(20);
      for (const url of [`/products/${item.handle}`, `/eu/products/${item.handle}?variant=${encodeURIComponent(item.sku)}`]) {
        await page.goto(url);
        await expectNoViolations(page, url);
      }
    });

    test('bag, checkout (clean and with errors) and the order confirmation', async ({ page, stock }) => {
      const item = await stock.claim(20);
      const bag = new CartPage(page);
      await bag.goto();
      await expectNoViolations(page, 'empty bag');
      await bag.addFromProductPage(item.handle, item.sku);
      await expectNoViolations(page, 'bag with a line');
      await bag.checkout();
      const checkout = new CheckoutPage(page);
      await expectNoViolations(page, 'checkout');
      expect((await checkout.placeOrder()).status()).toBe(400);
      await expect(checkout.fieldError('email')).toBeVisible();
      await expectNoViolations(page, 'checkout with field errors');
      await checkout.fillContact(newShopperEmail('axe'));
      await checkout.fillUsAddress();
      await checkout.payWith('4242 4242 4242 4242');
      await checkout.placeOrder();
      await new OrderPage(page).waitForOrder();
      await expectNoViolations(page, 'order confirmation');
    });
  });
}

test.describe('focus follows what the shopper did', () => {
  test('Add to bag with the keyboard moves focus to the result message', async ({ page, stock }) => {
    const item = await stock.claim(20);
    const product = new ProductPage(page);
    await product.goto(item.handle, item.sku);
    await waitForHydration(product);
    await product.addButton.focus();
    await page.keyboard.press('Enter');
    const result = product.addToBag.getByTestId('add-to-bag-result');
    await expect(result).toContainText('Added to your bag.');
    await expect(result).toBeFocused();
  });

  test('a checkout with errors focuses the first invalid field; the State error is linked to its select', async ({ page, stock }) => {
    const item = await stock.claim(20);
    await new CartPage(page).addFromProductPage(item.handle, item.sku);
    await new CartPage(page).checkout();
    const checkout = new CheckoutPage(page);
    await checkout.field('Full name').fill('Ada Shopper');
    expect((await checkout.placeOrder()).status()).toBe(400);
    await expect(checkout.field('Email')).toBeFocused();
    const state = checkout.field('State');
    await expect(state).toHaveAttribute('aria-invalid', 'true');
    await expect(state).toHaveAccessibleDescription(await checkout.fieldError('region').innerText());
  });

  test('the phone gallery can be focused and is named; the bag link is named by what it shows', async ({ page, stock }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const item = await stock.claim(20);
    const product = new ProductPage(page);
    await product.goto(item.handle, item.sku);
    const gallery = product.main.getByRole('group', { name: /images$/ });
    await tabTo(page, gallery);
    await expect(gallery).toBeFocused();
    await product.addButton.click();
    await expect(product.addToBag.getByTestId('add-to-bag-result')).toBeVisible();
    const bag = product.header.getByRole('link', { name: /^Bag/ });
    await expect(bag).toHaveAccessibleName('Bag 1 item');
    // What is seen (the hidden " item" aside) starts the accessible name: a voice user says what they see.
    const visible = await bag.evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.visually-hidden').forEach((n) => n.remove());
      return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
    });
    expect(visible).toBe('Bag 1');
  });

  test('category pages go h1 → h2 for product cards', async ({ page }) => {
    await page.goto('/collections/jewelry');
    const levels = await page.locator('main :is(h1, h2, h3, h4)').evaluateAll((els) => els.map((e) => Number(e.tagName[1])));
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i] - levels[i - 1], `heading ${i}`).toBeLessThanOrEqual(1);
  });
});

test('keyboard only: product → bag → checkout → Enter in the card field places the order → confirmation', async ({ page, db, stock }) => {
  const item = await stock.claim(20);
  const email = newShopperEmail('keyboard');
  const product = new ProductPage(page);
  await product.goto(item.handle, item.sku);
  await waitForHydration(product);

  // Add to bag: Tab to the button, Enter; focus lands on the result, whose "View bag" link is next.
  await tabTo(page, product.addButton);
  await page.keyboard.press('Enter');
  const result = product.addToBag.getByTestId('add-to-bag-result');
  await expect(result).toBeFocused();
  await tabTo(page, result.getByRole('link', { name: 'View bag' }), 3);
  await page.keyboard.press('Enter');

  const bag = new CartPage(page);
  await expect(bag.heading).toBeVisible();
  await tabTo(page, bag.checkoutButton);
  await page.keyboard.press('Enter');

  const checkout = new CheckoutPage(page);
  await expect(checkout.heading).toBeVisible();
  // Fields in their order: each reached with Tab, filled by typing.
  const type = async (label: string, text: string) => {
    await tabTo(page, checkout.field(label));
    await page.keyboard.type(text);
  };
  await type('Email', email);
  await type('Full name', 'Kay Board');
  await type('Address', '1 Market Street');
  await type('City', 'San Francisco');
  await type('ZIP code', '94105');
  await tabTo(page, checkout.field('State'));
  await page.keyboard.type('CA'); // type-ahead picks the option; the totals re-quote on change
  await expect(checkout.field('State')).toHaveValue('CA');
  await expect(checkout.summary.getByTestId('summary-tax')).not.toHaveText('$0.00');
  await type('Card number', '4242 4242 4242 4242');
  await expect(focused(page)).toHaveAttribute('name', 'cardNumber');

  const [response] = await Promise.all([checkout.waitForPlaceOrderResponse(), page.keyboard.press('Enter')]);
  expect([200, 202, 204, 302, 303]).toContain(response.status()); // single fetch answers a redirect with 202
  const order = new OrderPage(page);
  const number = await order.waitForOrder();
  await expect(order.confirmation).toBeVisible();
  const rows = await db.primary.execute<{ email: string }>(sql`select email from orders where number = ${number}`);
  expect(rows[0]?.email).toBe(email);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('Enter in the card field places the order (the default button is Place order, not Update totals)', async ({ page, stock }) => {
    const item = await stock.claim(20);
    const bag = new CartPage(page);
    await bag.addFromProductPage(item.handle, item.sku);
    await bag.checkout();
    const checkout = new CheckoutPage(page);
    await checkout.fillContact(newShopperEmail('enter-nojs'));
    await checkout.fillUsAddress();
    await checkout.payWith('4242 4242 4242 4242');
    const [response] = await Promise.all([checkout.waitForPlaceOrderResponse(), checkout.field('Card number').press('Enter')]);
    expect([302, 303]).toContain(response.status());
    await new OrderPage(page).waitForOrder();
    await expect(new OrderPage(page).confirmation).toBeVisible();
  });
});
