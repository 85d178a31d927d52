// In test mode the shopper types one of Stripe's documented test card numbers and the server
// turns it into the matching test PaymentMethod (pm_card_visa, …). With a publishable key the
// Payment Element would supply the PaymentMethod id instead; the server path is the same.
import { paymentMethodForCardNumber } from '../../integrations/stripe/test-cards';

export function paymentMethodFromForm(cardNumber: string): string | null {
  return paymentMethodForCardNumber(cardNumber) ?? null;
}
