// The bag as a shopper uses it: add from a product page, read the lines and the subtotal, change a
// quantity, go to checkout. Works the same with and without JavaScript (plain forms + redirects).
import type { Locator, Page } from '@playwright/test';
import { ProductPage } from './ProductPage';
import { StorefrontPage } from './StorefrontPage';

export type CartLine = { sku: string; title: string; variant: string; quantity: number; lineTotal: string; problem: string | null };

export class CartPage extends StorefrontPage {
  /** The bag's own content (not the header): `.checkout-page`, whatever element the route renders it in. */
  readonly content: Locator;
  readonly heading: Locator;
  readonly notice: Locator;
  readonly error: Locator;
  readonly empty: Locator;
  readonly stockWarning: Locator;
  readonly checkoutButton: Locator;

  constructor(page: Page) {
    super(page);
    this.content = page.locator('.checkout-page');
    this.heading = page.getByRole('heading', { level: 1, name: 'Your bag' });
    this.notice = page.getByTestId('cart-notice');
    this.error = page.getByTestId('cart-error');
    this.empty = page.getByTestId('cart-empty');
    this.stockWarning = page.getByTestId('cart-stock-warning');
    this.checkoutButton = page.getByTestId('go-to-checkout');
  }

  async goto() {
    return this.page.goto('/cart');
  }

  /** Opens the product page (on the given variant), adds `quantity` to the bag and lands on the bag. */
  async addFromProductPage(handle: string, sku?: string, quantity = 1, market: 'us' | 'eu' = 'us') {
    const product = new ProductPage(this.page);
    await product.goto(handle, sku, market);
    if (sku) await product.addToBag.locator(`input[name="sku"][value="${sku}"]`).waitFor({ state: 'attached' });
    if (quantity !== 1) await product.addToBag.locator('input[name="quantity"]').fill(String(quantity));
    await product.addButton.click();
    // Without JavaScript the form posts and lands on the bag; with it the shopper stays on the
    // product page, sees "Added to your bag" and follows "View bag".
    const result = this.page.getByTestId('add-to-bag-result');
    await Promise.race([this.page.waitForURL(/\/cart\?notice=added$/), result.waitFor()]);
    if (!/\/cart\?notice=added$/.test(this.page.url())) {
      await result.getByRole('link', { name: 'View bag' }).click();
      await this.page.waitForURL(/\/cart\?notice=added$/);
    }
    await this.heading.waitFor();
  }

  line(sku: string): Locator {
    return this.page.locator(`[data-testid="cart-line"][data-sku="${sku}"]`);
  }

  async lines(): Promise<CartLine[]> {
    const out: CartLine[] = [];
    for (const row of await this.page.getByTestId('cart-line').all()) {
      const problem = row.getByTestId('line-problem');
      out.push({
        sku: (await row.getAttribute('data-sku')) ?? '',
        title: (await row.locator('.cart-line__title').innerText()).trim(),
        variant: (await row.locator('.cart-line__variant').innerText()).trim(),
        quantity: Number(await row.getByTestId('line-quantity').inputValue()),
        lineTotal: (await row.getByTestId('line-total').innerText()).trim(),
        problem: (await problem.count()) ? (await problem.innerText()).trim() : null,
      });
    }
    return out;
  }

  /** The subtotal as displayed, e.g. "$240". */
  async subtotal(): Promise<string> {
    return (await this.page.getByTestId('cart-subtotal').innerText()).trim();
  }

  async setQuantity(sku: string, quantity: number) {
    const line = this.line(sku);
    await line.getByTestId('line-quantity').fill(String(quantity));
    await line.getByRole('button', { name: 'Update' }).click();
    await this.page.waitForURL(/\/cart\?notice=(updated|removed)$/);
  }

  async remove(sku: string) {
    await this.line(sku).getByRole('button', { name: /^Remove / }).click();
    await this.page.waitForURL(/\/cart\?notice=removed$/);
  }

  async checkout() {
    await this.checkoutButton.click();
    await this.page.waitForURL(/\/checkout$/);
  }
}
