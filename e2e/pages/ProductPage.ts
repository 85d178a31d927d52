import type { Locator, Page } from '@playwright/test';
import { StorefrontPage } from './StorefrontPage';

export class ProductPage extends StorefrontPage {
  readonly title: Locator;
  readonly addToBag: Locator;
  readonly addButton: Locator;

  constructor(page: Page) {
    super(page);
    this.title = this.main.getByRole('heading', { level: 1 });
    this.addToBag = this.main.getByTestId('add-to-bag');
    this.addButton = this.addToBag.getByRole('button');
  }

  /** The product page in a market: `/products/…` (US) or `/eu/products/…` (ADR 022). */
  async goto(handle: string, variantSku?: string, market: 'us' | 'eu' = 'us') {
    return this.page.goto(`${market === 'us' ? '' : `/${market}`}/products/${handle}${variantSku ? `?variant=${encodeURIComponent(variantSku)}` : ''}`);
  }

  /** Chooses an option value from the picker (links: works with and without JavaScript). */
  async selectVariant(option: string, value: string) {
    const link = this.main.locator(`[data-testid="variant-option"][data-option="${option}"] a[data-value="${value}"]`);
    await link.click();
    await this.main.locator(`[data-testid="variant-option"][data-option="${option}"] a[data-value="${value}"][aria-current="true"]`).waitFor();
  }

  /** The selected variant's price as displayed (e.g. "$120"). */
  async price(): Promise<string> {
    return (await this.main.getByTestId('product-price').locator('.price__amount').innerText()).trim();
  }

  /** "In stock", "Only N left" or "Sold out". */
  async stockState(): Promise<string> {
    return (await this.main.getByTestId('stock-state').innerText()).trim();
  }

  async selectedSku(): Promise<string | null> {
    return this.addToBag.locator('input[name="sku"]').getAttribute('value');
  }
}
