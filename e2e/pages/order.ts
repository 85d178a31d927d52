// The shopper's order page (the confirmation after checkout, or what the lookup opens) and the
// order lookup form (number + email).
import type { Locator, Page } from '@playwright/test';
import { StorefrontPage } from './StorefrontPage';

export class OrderPage extends StorefrontPage {
  /** "Your order is confirmed" — shown right after checkout for an authorized order. */
  readonly confirmation: Locator;
  readonly timeline: Locator;

  constructor(page: Page) {
    super(page);
    this.confirmation = page.getByTestId('order-confirmation');
    this.timeline = page.getByTestId('order-timeline');
  }

  /** Waits until the browser is on an order page and returns its number (e.g. DS-100012). */
  async waitForOrder(): Promise<string> {
    await this.page.waitForURL(/\/orders\/DS-\d+\?/);
    return this.number();
  }

  async number(): Promise<string> {
    return (await this.page.getByTestId('order-number').innerText()).trim();
  }

  /** The shopper-facing status: "Confirmed", "Payment failed", … */
  async status(): Promise<string> {
    return (await this.page.getByTestId('order-status').innerText()).trim();
  }

  /** The total as displayed, e.g. "$128.28". */
  async total(): Promise<string> {
    return (await this.page.getByTestId('order-total').innerText()).trim();
  }

  /** "1 × Title Variant" per line. */
  async lines(): Promise<string[]> {
    return (await this.page.getByTestId('order-lines').locator('li > span:first-child').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** The timeline's status labels, oldest first ("Awaiting payment", "Confirmed"). */
  async timelineStatuses(): Promise<string[]> {
    return (await this.timeline.locator('li > strong').allInnerTexts()).map((t) => t.trim());
  }

  /** The totals panel as label → displayed amount ("Subtotal", "Shipping", "Tax" or "Incl. VAT", "Total"). */
  async totals(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const row of await this.page.getByRole('complementary', { name: 'Totals' }).locator('.summary__row').all()) {
      const label = (await row.locator('> span').first().innerText()).trim();
      // A free delivery shows the word "Free" instead of a price.
      const amount = row.locator('.price__amount');
      out[label] = ((await amount.count()) ? await amount.innerText() : await row.locator('> span').last().innerText()).trim();
    }
    return out;
  }
}

export class OrderLookupPage extends StorefrontPage {
  readonly heading: Locator;
  readonly error: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { level: 1, name: 'Find your order' });
    this.error = page.getByTestId('lookup-error');
  }

  async goto() {
    return this.page.goto('/orders/lookup');
  }

  /** Fills number + email and submits (a POST form: the email never goes into a URL); resolves with the lookup response's status. */
  async lookUp(number: string, email: string): Promise<number> {
    await this.page.getByLabel('Order number').fill(number);
    await this.page.getByLabel('Email').fill(email);
    const [response] = await Promise.all([
      this.page.waitForResponse((r) => /^\/orders\/lookup(\.data)?$/.test(new URL(r.url()).pathname) && r.request().method() === 'POST'),
      this.page.getByRole('button', { name: 'Find order' }).click(),
    ]);
    await this.page.waitForLoadState();
    return response.status();
  }
}
