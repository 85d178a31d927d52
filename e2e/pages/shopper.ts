// Whole shopper journeys built from the page objects, for tests whose subject comes after the
// purchase (order lookup, admin, resubmits): "a US shopper buys this and sees the confirmation".
import { expect, type Page } from '@playwright/test';
import { CartPage } from './cart';
import { californiaAddress, cards, CheckoutPage, type UsAddress } from './checkout';
import { OrderPage } from './order';

export type Buyable = { handle: string; sku: string };

export class Shopper {
  readonly bag: CartPage;
  readonly checkout: CheckoutPage;
  readonly order: OrderPage;

  constructor(
    readonly page: Page,
    readonly email: string,
  ) {
    this.bag = new CartPage(page);
    this.checkout = new CheckoutPage(page);
    this.order = new OrderPage(page);
  }

  /** Adds the item to the bag and fills checkout (US address, standard delivery, the card) without placing the order. */
  async reachUsCheckout(item: Buyable, card: string = cards.visa, address: UsAddress = californiaAddress) {
    await this.bag.addFromProductPage(item.handle, item.sku);
    await this.bag.checkout();
    await this.checkout.fillContact(this.email);
    await this.checkout.fillUsAddress(address);
    await this.checkout.chooseDelivery('Standard');
    await this.checkout.payWith(card);
  }

  /** Buys one unit with a Visa and returns the confirmed order's number. */
  async buyInUs(item: Buyable): Promise<string> {
    await this.reachUsCheckout(item);
    await this.checkout.placeOrder();
    const number = await this.order.waitForOrder();
    await expect(this.order.confirmation).toBeVisible();
    return number;
  }
}
