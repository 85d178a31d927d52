// Test PaymentMethods: `pm_card_visa` and the other documented test ids mint a new `pm_…` card per
// use, with the test card's brand, country, funding and last4 (../../../server/integrations/stripe/test-cards).
import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import { newId, nowSeconds, resourceMissing } from '../errors';
import { testCardForPaymentMethod } from '../../../server/integrations/stripe/test-cards';
import { type ApiRoute, ID, type PaymentMethodRecord, type StripeStore } from './core';

export const emptyAddress = () => ({ city: null, country: null, line1: null, line2: null, postal_code: null, state: null });

export function resolvePaymentMethod(s: StripeStore, id: string, param = 'payment_method'): PaymentMethodRecord {
  const existing = s.paymentMethods.get(id);
  if (existing) return existing;
  const card = testCardForPaymentMethod(id);
  if (!card) throw resourceMissing('PaymentMethod', id, param, 400);
  const year = new Date().getUTCFullYear() + 3;
  const pm = {
    id: newId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: { address: emptyAddress(), email: null, name: null, phone: null, tax_id: null },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'unchecked' },
      country: card.country,
      display_brand: card.brand === 'amex' ? 'american_express' : card.brand,
      exp_month: 12,
      exp_year: year,
      fingerprint: createHash('sha256').update(card.number).digest('base64url').slice(0, 16),
      funding: card.funding,
      generated_from: null,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: nowSeconds(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'card',
  } satisfies Stripe.PaymentMethod;
  const rec = { obj: pm, card, seq: s.nextSeq() };
  s.paymentMethods.set(pm.id, rec);
  return rec;
}

export function retrievePaymentMethod(s: StripeStore, id: string): Stripe.PaymentMethod {
  const rec = s.paymentMethods.get(id);
  if (rec) return rec.obj;
  if (testCardForPaymentMethod(id)) return resolvePaymentMethod(s, id).obj;
  throw resourceMissing('PaymentMethod', id, 'payment_method');
}

export const paymentMethodRoutes: ApiRoute[] = [{ method: 'GET', pattern: new RegExp(`^/v1/payment_methods/${ID}$`), handler: ({ store, match }) => retrievePaymentMethod(store, match[1]) }];
