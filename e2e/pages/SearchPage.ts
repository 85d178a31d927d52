import type { Locator, Page } from '@playwright/test';
import { StorefrontPage } from './StorefrontPage';

export class SearchPage extends StorefrontPage {
  readonly resultCount: Locator;
  readonly emptyState: Locator;

  constructor(page: Page) {
    super(page);
    this.resultCount = this.main.getByTestId('result-count');
    this.emptyState = this.main.getByTestId('empty-state');
  }

  async goto(q: string) {
    return this.page.goto(`/search?q=${encodeURIComponent(q)}`);
  }

  resultTitles(): Promise<string[]> {
    return this.productCards().locator('.card__title').allInnerTexts();
  }
}
