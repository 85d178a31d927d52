// Stripe's documented test cards and the test PaymentMethod ids they correspond to
// (https://docs.stripe.com/testing). Framework-free data: the Stripe emulator uses it to decide
// what a PaymentMethod does, and the app's payment form can reuse it to turn a test card number
// typed by a shopper into the PaymentMethod id the server passes to Stripe.

/** What a test PaymentMethod does when a PaymentIntent is confirmed with it. */
export type TestCardOutcome =
  | { kind: 'succeed' }
  | {
      kind: 'decline';
      /** Stripe error `code` (card_declined, expired_card, incorrect_cvc, processing_error, …). */
      code: string;
      /** Stripe error `decline_code`. */
      declineCode: string;
      /** The shopper-facing message Stripe returns. */
      message: string;
    }
  /** Requires 3D Secure authentication on every on-session payment. */
  | { kind: 'three_d_secure' };

export interface TestCard {
  /** The documented test PaymentMethod id, e.g. `pm_card_visa`. */
  paymentMethod: string;
  /** The documented test card number (no spaces). */
  number: string;
  brand: 'visa' | 'mastercard' | 'amex';
  last4: string;
  funding: 'credit' | 'debit';
  country: string;
  description: string;
  outcome: TestCardOutcome;
}

const declined = (declineCode: string, message: string, code = 'card_declined'): TestCardOutcome => ({
  kind: 'decline',
  code,
  declineCode,
  message,
});

export const testCards: readonly TestCard[] = [
  { paymentMethod: 'pm_card_visa', number: '4242424242424242', brand: 'visa', last4: '4242', funding: 'credit', country: 'US', description: 'Visa — succeeds', outcome: { kind: 'succeed' } },
  { paymentMethod: 'pm_card_visa_debit', number: '4000056655665556', brand: 'visa', last4: '5556', funding: 'debit', country: 'US', description: 'Visa debit — succeeds', outcome: { kind: 'succeed' } },
  { paymentMethod: 'pm_card_mastercard', number: '5555555555554444', brand: 'mastercard', last4: '4444', funding: 'credit', country: 'US', description: 'Mastercard — succeeds', outcome: { kind: 'succeed' } },
  { paymentMethod: 'pm_card_amex', number: '378282246310005', brand: 'amex', last4: '0005', funding: 'credit', country: 'US', description: 'American Express — succeeds', outcome: { kind: 'succeed' } },
  { paymentMethod: 'pm_card_chargeDeclined', number: '4000000000000002', brand: 'visa', last4: '0002', funding: 'credit', country: 'US', description: 'Declined (generic_decline)', outcome: declined('generic_decline', 'Your card was declined.') },
  { paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds', number: '4000000000009995', brand: 'visa', last4: '9995', funding: 'credit', country: 'US', description: 'Declined (insufficient_funds)', outcome: declined('insufficient_funds', 'Your card has insufficient funds.') },
  { paymentMethod: 'pm_card_chargeDeclinedLostCard', number: '4000000000009987', brand: 'visa', last4: '9987', funding: 'credit', country: 'US', description: 'Declined (lost_card)', outcome: declined('lost_card', 'Your card was declined.') },
  { paymentMethod: 'pm_card_chargeDeclinedExpiredCard', number: '4000000000000069', brand: 'visa', last4: '0069', funding: 'credit', country: 'US', description: 'Declined (expired_card)', outcome: declined('expired_card', 'Your card has expired.', 'expired_card') },
  { paymentMethod: 'pm_card_chargeDeclinedIncorrectCvc', number: '4000000000000127', brand: 'visa', last4: '0127', funding: 'credit', country: 'US', description: 'Declined (incorrect_cvc)', outcome: declined('incorrect_cvc', "Your card's security code is incorrect.", 'incorrect_cvc') },
  { paymentMethod: 'pm_card_chargeDeclinedProcessingError', number: '4000000000000119', brand: 'visa', last4: '0119', funding: 'credit', country: 'US', description: 'Declined (processing_error)', outcome: declined('processing_error', 'An error occurred while processing your card. Try again in a little bit.', 'processing_error') },
  { paymentMethod: 'pm_card_threeDSecure2Required', number: '4000000000003220', brand: 'visa', last4: '3220', funding: 'credit', country: 'US', description: '3D Secure 2 authentication required', outcome: { kind: 'three_d_secure' } },
  { paymentMethod: 'pm_card_authenticationRequired', number: '4000002760003184', brand: 'visa', last4: '3184', funding: 'credit', country: 'DE', description: 'Authentication required (SCA)', outcome: { kind: 'three_d_secure' } },
];

/** Test card number → documented test PaymentMethod id (e.g. 4242424242424242 → pm_card_visa). */
export const testCardNumbers: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(testCards.map((c) => [c.number, c.paymentMethod])),
);

/** The test card for a documented test PaymentMethod id, if any. */
export function testCardForPaymentMethod(paymentMethodId: string): TestCard | undefined {
  return testCards.find((c) => c.paymentMethod === paymentMethodId);
}

/**
 * The test PaymentMethod id for a card number as a shopper types it ("4242 4242 4242 4242"),
 * or undefined when it is not one of the documented test cards.
 */
export function paymentMethodForCardNumber(input: string): string | undefined {
  const digits = input.replace(/[\s-]/g, '');
  return /^\d+$/.test(digits) ? testCardNumbers[digits] : undefined;
}
