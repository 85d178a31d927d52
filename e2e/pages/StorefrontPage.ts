// What every storefront page has: the header (category nav, search, region switch, bag) and a main area.
import type { Locator, Page } from '@playwright/test';

export class StorefrontPage {
  readonly header: Locator;
  readonly main: Locator;

  constructor(readonly page: Page) {
    this.header = page.locator('header.site-header');
    this.main = page.locator('main#main');
  }

  categoryLink(title: string): Locator {
    return this.header.getByRole('navigation', { name: 'Categories' }).getByRole('link', { name: title, exact: true });
  }

  async openCategory(title: string) {
    await this.categoryLink(title).click();
    await this.page.waitForURL(/\/collections\//);
  }

  async search(q: string) {
    const box = this.header.getByRole('searchbox', { name: 'Search the shop' });
    await box.fill(q);
    await box.press('Enter');
    await this.page.waitForURL(/\/search\?/);
  }

  /** Switches region through the header form (US $ / EU €) and waits for the page to come back (in the other market's URL). */
  async switchRegion(label: 'US $' | 'EU €') {
    const button = this.header.getByTestId('region-switch').getByRole('button', { name: label });
    const posted = (r: { request(): { method(): string }; url(): string }) => r.request().method() === 'POST' && /^\/region(\.data)?$/.test(new URL(r.url()).pathname);
    await Promise.all([this.page.waitForResponse(posted), button.click()]);
    await this.header.getByTestId('region-switch').getByRole('button', { name: label, pressed: true }).waitFor();
  }

  productCards(): Locator {
    return this.main.getByTestId('product-card');
  }
}
