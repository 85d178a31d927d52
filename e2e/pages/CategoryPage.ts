import type { Locator, Page } from '@playwright/test';
import { StorefrontPage } from './StorefrontPage';

export class CategoryPage extends StorefrontPage {
  readonly title: Locator;
  readonly resultCount: Locator;

  constructor(page: Page) {
    super(page);
    this.title = this.main.getByRole('heading', { level: 1 });
    this.resultCount = this.main.getByTestId('result-count');
  }

  async goto(handle: string, query = '') {
    return this.page.goto(`/collections/${handle}${query}`);
  }

  async openProduct(index = 0) {
    await this.productCards().nth(index).getByRole('link').click();
    await this.page.waitForURL(/\/products\//);
  }

  async total(): Promise<number> {
    return Number((await this.resultCount.innerText()).match(/\d+/)?.[0] ?? NaN);
  }
}
