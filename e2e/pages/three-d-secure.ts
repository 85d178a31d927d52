// The card issuer's 3-D Secure challenge, as the local Stripe emulator serves it
// (/_emulator/3ds/:payment_intent): plain forms, "Complete authentication" or "Fail authentication".
import type { Locator, Page } from '@playwright/test';

export class ThreeDSecurePage {
  readonly heading: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Authenticate your payment' });
  }

  /** Waits for the issuer page (another origin: the emulator) to be shown. */
  async waitForChallenge() {
    await this.page.waitForURL(/\/_emulator\/3ds\/pi_/);
    await this.heading.waitFor();
  }

  /** The amount the bank asks to confirm, as shown (e.g. "$128.28", "€135.00"). */
  async amount(): Promise<string> {
    return (await this.page.locator('dt', { hasText: 'Amount' }).locator('xpath=following-sibling::dd[1]').innerText()).trim();
  }

  async paymentIntentId(): Promise<string> {
    return this.page.url().match(/\/_emulator\/3ds\/(pi_[A-Za-z0-9_]+)/)![1];
  }

  /** Completes the challenge; the issuer sends the shopper back to the shop's return URL. */
  async approve() {
    await this.page.getByRole('button', { name: 'Complete authentication' }).click();
    await this.page.waitForURL((url) => !url.pathname.startsWith('/_emulator/'));
  }

  /** Fails the challenge; the shopper is sent back to the shop all the same. */
  async fail() {
    await this.page.getByRole('button', { name: 'Fail authentication' }).click();
    await this.page.waitForURL((url) => !url.pathname.startsWith('/_emulator/'));
  }
}
