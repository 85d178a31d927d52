// Checkout as a shopper fills it in: contact, a US or EU address, delivery, the summary the server
// computes, a Stripe test card, Place order. Field errors are read next to their fields.
import type { Locator, Page, Response } from '@playwright/test';
import { StorefrontPage } from './StorefrontPage';

export const cards = {
  visa: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  threeDSecure: '4000 0000 0000 3220',
} as const;

export type UsAddress = { name: string; line1: string; line2?: string; city: string; state: string; zip: string };
export type EuAddress = { name: string; line1: string; line2?: string; city: string; postalCode: string; country: string };

export const californiaAddress: UsAddress = { name: 'Ada Shopper', line1: '1 Market Street', city: 'San Francisco', state: 'CA', zip: '94105' };
export const berlinAddress: EuAddress = { name: 'Klara Käuferin', line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119', country: 'DE' };

export type CheckoutTotals = { subtotal: string; shipping: string; taxLabel: string; tax: string; total: string };

/** The checkout POST, as a document request (no JS) or as Remix's single-fetch data request (`/checkout.data`). */
const isCheckoutPost = (r: Response) => r.request().method() === 'POST' && /^\/checkout(\.data)?$/.test(new URL(r.url()).pathname);

export type FieldName = 'email' | 'name' | 'line1' | 'city' | 'postalCode' | 'region' | 'country' | 'shippingMethod' | 'cardNumber';

export class CheckoutPage extends StorefrontPage {
  readonly heading: Locator;
  readonly form: Locator;
  readonly summary: Locator;
  /** The page-level message (decline, 3-D Secure failure, validation summary). */
  readonly error: Locator;
  readonly placeOrderButton: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { level: 1, name: 'Checkout' });
    this.form = page.getByTestId('checkout-form');
    this.summary = page.getByTestId('order-summary');
    this.error = page.getByTestId('checkout-error');
    this.placeOrderButton = page.getByTestId('place-order');
  }

  async goto() {
    return this.page.goto('/checkout');
  }

  field(label: string): Locator {
    return this.form.getByLabel(label, { exact: true });
  }

  /** The message rendered under a field (and linked to it by aria-describedby). */
  fieldError(name: FieldName): Locator {
    return this.form.getByTestId(`error-${name}`);
  }

  async fillContact(email: string) {
    await this.field('Email').fill(email);
  }

  async fillUsAddress(address: UsAddress = californiaAddress) {
    await this.field('Full name').fill(address.name);
    await this.field('Address').fill(address.line1);
    await this.field('Apartment, suite (optional)').fill(address.line2 ?? '');
    await this.field('City').fill(address.city);
    await this.field('ZIP code').fill(address.zip);
    await this.field('State').selectOption(address.state);
  }

  async fillEuAddress(address: EuAddress = berlinAddress) {
    await this.field('Full name').fill(address.name);
    await this.field('Address').fill(address.line1);
    await this.field('Apartment, suite (optional)').fill(address.line2 ?? '');
    await this.field('City').fill(address.city);
    await this.field('Postal code').fill(address.postalCode);
    await this.field('Country').selectOption(address.country);
  }

  async chooseDelivery(method: 'Standard' | 'Express') {
    await this.form.getByRole('radio', { name: new RegExp(`^${method}\\b`) }).check();
  }

  /** Asks the server to re-quote shipping and tax for the address entered so far ("Update totals"). */
  async updateTotals() {
    await Promise.all([
      this.page.waitForResponse(isCheckoutPost),
      this.form.getByRole('button', { name: 'Update totals' }).click(),
    ]);
    await this.page.waitForLoadState();
  }

  async payWith(cardNumber: string) {
    await this.field('Card number').fill(cardNumber);
  }

  /** Exactly what this rendered form would post for Place order (its idempotency key included). */
  async placeOrderFields(): Promise<[string, string][]> {
    const fields = await this.form.evaluate((form: HTMLFormElement) => [...new FormData(form).entries()].map(([k, v]) => [k, String(v)] as [string, string]));
    return [...fields, ['intent', 'place-order']];
  }

  /** The key the rendered form will submit with (made when the form rendered). */
  async idempotencyKey(): Promise<string> {
    return this.form.locator('input[name="idempotencyKey"]').inputValue();
  }

  /**
   * Clicks Place order and resolves with the checkout POST's response (its status: 400 for field
   * errors, 402 for a decline, a redirect otherwise). Where the shopper lands is for the test to check.
   */
  async placeOrder(): Promise<Response> {
    const [response] = await Promise.all([this.waitForPlaceOrderResponse(), this.placeOrderButton.click()]);
    return response;
  }

  waitForPlaceOrderResponse(): Promise<Response> {
    return this.page.waitForResponse((r) => isCheckoutPost(r) && r.request().postData()?.includes('intent=place-order') === true);
  }

  async totals(): Promise<CheckoutTotals> {
    const rows = this.summary.locator('.summary__row');
    const text = async (testId: string) => (await this.summary.getByTestId(testId).innerText()).trim();
    return {
      subtotal: (await rows.filter({ hasText: /^Subtotal/ }).locator('.price__amount').innerText()).trim(),
      shipping: await text('summary-shipping'),
      taxLabel: (await this.summary.getByTestId('summary-tax').locator('xpath=preceding-sibling::span').innerText()).trim(),
      tax: await text('summary-tax'),
      total: await text('summary-total'),
    };
  }
}

/** A unique shopper address per test run, so orders can be counted by email. */
export function newShopperEmail(tag: string): string {
  return `e2e-${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@dotshop.test`;
}
