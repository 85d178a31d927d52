// Charges: the one a confirmation creates (succeeded or failed, captured now or later), retrieve,
// list and search; and their `/v1/charges` routes.
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { newId, nowSeconds, randomToken } from '../errors';
import { type ParamObject } from '../form';
import { type ListEnvelope, listPage } from '../lists';
import { allowOnly, optString } from '../params';
import { type FieldKind, type SearchEnvelope } from '../search';
import { chargeBalanceTransaction } from './balance';
import { type ApiRoute, ID, type Keyed, LIST_PARAMS, listOf, type PaymentIntentRecord, type PaymentMethodRecord, searchRecords, type StripeStore } from './core';
import { emptyAddress } from './payment-methods';

const CHARGE_SEARCH_FIELDS: Record<string, FieldKind> = {
  amount: 'number', created: 'number', currency: 'string', customer: 'string', disputed: 'boolean', refunded: 'boolean',
  status: 'string', payment_intent: 'string', 'payment_method_details.card.last4': 'string', 'payment_method_details.card.brand': 'string',
};

export function newCharge(s: StripeStore, rec: PaymentIntentRecord, pm: PaymentMethodRecord, status: 'succeeded' | 'failed', extra: { capture: boolean; threeDs: boolean; failure?: { code: string; declineCode: string; message: string } }): Keyed<Stripe.Charge> {
  const pi = rec.obj;
  const id = newId('ch');
  const created = nowSeconds();
  const card = pm.card;
  const manual = pi.capture_method === 'manual';
  const succeeded = status === 'succeeded';
  const charge: Stripe.Charge = {
    id,
    object: 'charge',
    amount: pi.amount,
    amount_captured: succeeded && extra.capture ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: { address: emptyAddress(), email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: 'DOTSHOP* EMULATOR',
    captured: succeeded && extra.capture,
    created,
    currency: pi.currency,
    customer: typeof pi.customer === 'string' ? pi.customer : null,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: extra.failure?.code ?? null,
    failure_message: extra.failure?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: succeeded
      ? { advice_code: null, network_advice_code: null, network_decline_code: null, network_status: 'approved_by_network', reason: null, risk_level: 'normal', risk_score: 20, seller_message: 'Payment complete.', type: 'authorized' }
      : {
          advice_code: extra.failure?.declineCode === 'insufficient_funds' ? 'try_again_later' : 'do_not_try_again',
          network_advice_code: null,
          network_decline_code: null,
          network_status: 'declined_by_network',
          reason: extra.failure?.declineCode ?? null,
          risk_level: 'normal',
          risk_score: 20,
          seller_message: 'The bank did not return any further details with this decline.',
          type: 'issuer_declined',
        },
    paid: succeeded,
    payment_intent: pi.id,
    payment_method: pm.obj.id,
    payment_method_details: {
      card: {
        amount_authorized: succeeded ? pi.amount : null,
        authorization_code: succeeded ? String(100000 + Math.floor(Math.random() * 899999)) : null,
        brand: card.brand,
        ...(succeeded && manual ? { capture_before: created + 7 * 24 * 3600 } : {}),
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
        country: card.country,
        electronic_commerce_indicator: null,
        exp_month: pm.obj.card?.exp_month ?? 12,
        exp_year: pm.obj.card?.exp_year ?? 2030,
        extended_authorization: { status: 'disabled' },
        fingerprint: pm.obj.card?.fingerprint ?? null,
        funding: card.funding,
        incremental_authorization: { status: 'unavailable' },
        installments: null,
        last4: card.last4,
        mandate: null,
        multicapture: { status: 'unavailable' },
        network: card.brand,
        network_token: { used: false },
        network_transaction_id: succeeded ? randomToken(15) : null,
        overcapture: { maximum_amount_capturable: pi.amount, status: 'unavailable' },
        regulated_status: 'unregulated',
        three_d_secure: extra.threeDs
          ? { authentication_flow: 'challenge', electronic_commerce_indicator: '05', exemption_indicator: null, result: 'authenticated', result_reason: null, transaction_id: randomUUID(), version: '2.2.0' }
          : null,
        transaction_link_id: null,
        wallet: null,
      },
      type: 'card',
    },
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${id}/refunds` },
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: pi.statement_descriptor,
    statement_descriptor_suffix: pi.statement_descriptor_suffix,
    status,
    transfer_data: null,
    transfer_group: pi.transfer_group,
  };
  if (succeeded && extra.capture) charge.balance_transaction = chargeBalanceTransaction(s, charge);
  const keyed = { obj: charge, seq: s.nextSeq(), createdMs: Date.now() };
  s.charges.set(id, keyed);
  s.chargeOrder.add(keyed);
  s.chargesByPi.add(pi.id, keyed);
  pi.latest_charge = id;
  return keyed;
}

export function retrieveCharge(s: StripeStore, id: string, params: ParamObject): Stripe.Charge {
  allowOnly(params, ['expand']);
  return s.charge(id).obj;
}

export function listCharges(s: StripeStore, params: ParamObject): ListEnvelope<Stripe.Charge> {
  allowOnly(params, [...LIST_PARAMS, 'customer', 'payment_intent', 'transfer_group']);
  const piId = optString(params, 'payment_intent');
  const customer = optString(params, 'customer');
  const transferGroup = optString(params, 'transfer_group');
  return listPage(params, {
    ...listOf(piId === undefined ? s.chargeOrder.items : s.chargesByPi.get(piId), s.charges, '/v1/charges', 'charge'),
    keep: (r) => (customer === undefined || r.obj.customer === customer) && (transferGroup === undefined || r.obj.transfer_group === transferGroup),
  });
}

export function searchCharges(s: StripeStore, params: ParamObject): SearchEnvelope<Stripe.Charge> {
  return searchRecords(s, params, s.charges.values(), 'charges', CHARGE_SEARCH_FIELDS);
}

export const chargeRoutes: ApiRoute[] = [
  { method: 'GET', pattern: /^\/v1\/charges$/, handler: ({ store, params }) => listCharges(store, params) },
  { method: 'GET', pattern: /^\/v1\/charges\/search$/, handler: ({ store, params }) => searchCharges(store, params) },
  { method: 'GET', pattern: new RegExp(`^/v1/charges/${ID}$`), handler: ({ store, params, match }) => retrieveCharge(store, match[1], params) },
];
