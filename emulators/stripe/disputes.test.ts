import Stripe from 'stripe';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type StripeEmulator } from './server';
import { type ReceivedWebhook, type Receiver, rejectionOf, setUpStripeSuite } from './test-helpers';

const SECRET = 'whsec_dispute_tests';

let emu: StripeEmulator;
let stripe: Stripe;
let receiver: Receiver;

setUpStripeSuite((s) => ({ emu, stripe, receiver } = { ...s, receiver: s.receiver! }), { webhooks: { secret: SECRET } });
// Registered last, so it runs before the webhooks are awaited (after-hooks run in reverse).
afterEach(() => vi.restoreAllMocks());

function verify(w: ReceivedWebhook): Stripe.Event {
  return stripe.webhooks.constructEvent(w.body, w.headers['stripe-signature'] as string, SECRET);
}

async function paid(amount = 10000, orderId = 'ord_1') {
  return stripe.paymentIntents.create({ amount, currency: 'usd', payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'], confirm: true, metadata: { order_id: orderId } });
}

async function control(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${emu.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const disputeEventTypes = () => emu.events().filter((e) => e.type.startsWith('charge.dispute.')).map((e) => e.type);

describe('Disputes: lifecycle', () => {
  it('a chargeback withdraws the amount plus the dispute fee; evidence, submission, the bank rules for the merchant: funds reinstated', async () => {
    const pi = await paid(10000);
    const chargeId = pi.latest_charge as string;
    const created = await control('/_emulator/disputes', { payment_intent: pi.id, evidence_due_in_days: 10 });
    expect(created.status).toBe(200);
    const dp = created.json as unknown as Stripe.Dispute;
    expect(dp.id).toMatch(/^dp_/);
    expect(dp).toMatchObject({
      object: 'dispute',
      amount: 10000,
      currency: 'usd',
      charge: chargeId,
      payment_intent: pi.id,
      reason: 'fraudulent',
      status: 'needs_response',
      is_charge_refundable: false,
      livemode: false,
      metadata: {},
      network_reason_code: '10.4',
      payment_method_details: { type: 'card', card: { brand: 'visa', case_type: 'chargeback', network: 'visa', network_reason_code: '10.4' } },
      evidence_details: { has_evidence: false, past_due: false, submission_count: 0, submission_method: 'not_submitted' },
    });
    // Due at 23:59:59 UTC, ten days ahead.
    const dueBy = dp.evidence_details.due_by as number;
    expect((dueBy + 1) % 86400).toBe(0);
    expect(dueBy - dp.created).toBeGreaterThan(10 * 86400 - 86400);
    expect(dueBy - dp.created).toBeLessThanOrEqual(11 * 86400);
    expect(dp.evidence).toMatchObject({ customer_name: null, uncategorized_text: null, enhanced_evidence: {} });
    // The withdrawal: the disputed amount out, the dispute fee on top.
    expect(dp.balance_transactions).toHaveLength(1);
    expect(dp.balance_transactions[0]).toMatchObject({
      object: 'balance_transaction',
      amount: -10000,
      fee: 1500,
      net: -11500,
      currency: 'usd',
      type: 'adjustment',
      reporting_category: 'dispute',
      source: dp.id,
      description: `Chargeback withdrawal for ${chargeId}`,
      fee_details: [{ amount: 1500, currency: 'usd', description: 'Dispute fee', type: 'stripe_fee', application: null }],
    });
    const charge = await stripe.charges.retrieve(chargeId);
    expect(charge).toMatchObject({ disputed: true, amount_refunded: 0, refunded: false });
    expect(disputeEventTypes()).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn']);

    // The app can read it through the SDK, and the charge can no longer be refunded.
    expect(await stripe.disputes.retrieve(dp.id)).toMatchObject({ id: dp.id, status: 'needs_response' });
    const refused = await rejectionOf(stripe.refunds.create({ payment_intent: pi.id }));
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(refused).toMatchObject({ statusCode: 400, code: 'charge_disputed', message: `Charge ${chargeId} has been charged back; cannot issue a refund.` });

    // Stage evidence (submit=false): still needs_response.
    const staged = await stripe.disputes.update(dp.id, { evidence: { customer_name: 'Ada Lovelace', shipping_tracking_number: '1Z999' }, submit: false, metadata: { case: 'c-1' } });
    expect(staged).toMatchObject({ status: 'needs_response', metadata: { case: 'c-1' }, evidence: { customer_name: 'Ada Lovelace', shipping_tracking_number: '1Z999' } });
    expect(staged.evidence_details).toMatchObject({ has_evidence: true, submission_count: 0 });
    const stagedEvent = emu.events().at(-1)!;
    expect(stagedEvent.type).toBe('charge.dispute.updated');
    expect(stagedEvent.data.previous_attributes).toEqual({
      evidence: { customer_name: null, shipping_tracking_number: null },
      evidence_details: { has_evidence: false },
      metadata: {},
    });

    // Evidence without submit=false is submitted (Stripe's default): under_review, then frozen.
    const submitted = await stripe.disputes.update(dp.id, { evidence: { uncategorized_text: 'Delivered, signed for.' } });
    expect(submitted).toMatchObject({ status: 'under_review', evidence: { customer_name: 'Ada Lovelace', uncategorized_text: 'Delivered, signed for.' } });
    expect(submitted.evidence_details).toMatchObject({ submission_count: 1, submission_method: 'manual', past_due: false });
    expect(emu.events().at(-1)?.data.previous_attributes).toMatchObject({ status: 'needs_response' });
    const frozen = await rejectionOf(stripe.disputes.update(dp.id, { evidence: { customer_name: 'Someone else' } }));
    expect(frozen).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError' });
    expect((await rejectionOf(stripe.disputes.close(dp.id))).statusCode).toBe(400);
    // Metadata can still change.
    expect((await stripe.disputes.update(dp.id, { metadata: { case: 'c-2' } })).status).toBe('under_review');

    // The bank rules for the merchant.
    const won = await control(`/_emulator/disputes/${dp.id}/resolve`, { outcome: 'won' });
    expect(won.status).toBe(200);
    const final = await stripe.disputes.retrieve(dp.id);
    expect(final).toMatchObject({ status: 'won', is_charge_refundable: true });
    expect(final.balance_transactions.map((t) => [t.amount, t.fee, t.net, t.reporting_category])).toEqual([
      [-10000, 1500, -11500, 'dispute'],
      [10000, 0, 10000, 'dispute_reversal'],
    ]);
    expect(final.balance_transactions[1]).toMatchObject({ type: 'adjustment', source: dp.id, description: `Chargeback reversal for ${chargeId}` });
    expect(disputeEventTypes()).toEqual([
      'charge.dispute.created',
      'charge.dispute.funds_withdrawn',
      'charge.dispute.updated',
      'charge.dispute.updated',
      'charge.dispute.updated',
      'charge.dispute.closed',
      'charge.dispute.funds_reinstated',
    ]);
    const [closed, reinstated] = emu.events().slice(-2);
    expect(closed.data.previous_attributes).toMatchObject({ status: 'under_review' });
    expect(reinstated.data.object).toMatchObject({ id: dp.id, status: 'won' });
    expect((reinstated.data.object as unknown as Stripe.Dispute).balance_transactions).toHaveLength(2);
    // Closed for good; the charge stays marked disputed; a won charge can be refunded again.
    expect((await control(`/_emulator/disputes/${dp.id}/resolve`, { outcome: 'lost' })).status).toBe(400);
    expect((await stripe.charges.retrieve(chargeId)).disputed).toBe(true);
    expect((await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 })).status).toBe('succeeded');

    // Every balance transaction is retrievable and listable by source.
    const txns = await stripe.balanceTransactions.list({ source: dp.id });
    expect(txns.data.map((t) => t.reporting_category)).toEqual(['dispute_reversal', 'dispute']);
    expect(await stripe.balanceTransactions.retrieve(final.balance_transactions[0].id)).toMatchObject({ amount: -10000, net: -11500 });
  });

  it('accepting (close) loses the dispute: charge.dispute.closed, no money back', async () => {
    const pi = await paid(4200);
    const dp = emu.createDispute({ charge: pi.latest_charge as string, reason: 'product_not_received' });
    expect(dp).toMatchObject({ amount: 4200, reason: 'product_not_received', network_reason_code: '13.1', status: 'needs_response' });
    const lost = await stripe.disputes.close(dp.id);
    expect(lost).toMatchObject({ id: dp.id, status: 'lost' });
    expect(lost.balance_transactions.map((t) => t.net)).toEqual([-5700]);
    expect(disputeEventTypes()).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn', 'charge.dispute.closed']);
    expect(emu.events().at(-1)?.data.previous_attributes).toEqual({ status: 'needs_response' });
    expect((await rejectionOf(stripe.disputes.close(dp.id))).statusCode).toBe(400);
    expect((await rejectionOf(stripe.disputes.update(dp.id, { evidence: { customer_name: 'x' } }))).statusCode).toBe(400);
    expect((await rejectionOf(stripe.refunds.create({ payment_intent: pi.id }))).code).toBe('charge_disputed');
    // A lost dispute is not a refund: amount_refunded does not move.
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({ disputed: true, amount_refunded: 0, refunded: false });
  });

  it('the bank can rule against the merchant after evidence (resolve lost)', async () => {
    const pi = await paid(2500);
    const dp = emu.createDispute({ payment_intent: pi.id });
    await stripe.disputes.update(dp.id, { evidence: { uncategorized_text: 'we shipped it' } });
    const lost = emu.resolveDispute(dp.id, 'lost');
    expect(lost.status).toBe('lost');
    expect(lost.balance_transactions).toHaveLength(1);
    expect(disputeEventTypes().at(-1)).toBe('charge.dispute.closed');
  });

  it('disputes what is left after a partial refund (or a given amount); partial capture counts what was captured', async () => {
    const pi = await paid(10000);
    await stripe.refunds.create({ payment_intent: pi.id, amount: 3000 });
    expect(emu.createDispute({ payment_intent: pi.id }).amount).toBe(7000);

    const other = await paid(10000, 'ord_2');
    const tooMuch = await control('/_emulator/disputes', { payment_intent: other.id, amount: 10001 });
    expect(tooMuch.status).toBe(400);
    expect(emu.createDispute({ payment_intent: other.id, amount: 2000, reason: 'duplicate' })).toMatchObject({ amount: 2000, network_reason_code: '12.6.1' });

    const auth = await stripe.paymentIntents.create({ amount: 8000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_mastercard', allowed_payment_method_types: ['card'], confirm: true });
    await stripe.paymentIntents.capture(auth.id, { amount_to_capture: 5000 });
    const partial = emu.createDispute({ payment_intent: auth.id });
    expect(partial).toMatchObject({ amount: 5000, network_reason_code: '4837', payment_method_details: { card: { brand: 'mastercard', network: 'mastercard' } } });
    expect(partial.balance_transactions[0]).toMatchObject({ amount: -5000, net: -6500 });
  });

  it('refuses uncaptured, failed, unknown, already disputed and fully refunded charges like Stripe (400/404)', async () => {
    const auth = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'], confirm: true });
    const uncaptured = await control('/_emulator/disputes', { payment_intent: auth.id });
    expect(uncaptured.status).toBe(400);
    expect(uncaptured.json).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect((await control('/_emulator/disputes', { charge: auth.latest_charge })).status).toBe(400);

    const missing = await control('/_emulator/disputes', { payment_intent: 'pi_missing' });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ error: { code: 'resource_missing', type: 'invalid_request_error' } });
    expect((await control('/_emulator/disputes', { charge: 'ch_missing' })).status).toBe(404);
    expect((await control('/_emulator/disputes', {})).status).toBe(400);
    expect((await control('/_emulator/disputes', { payment_intent: auth.id, reason: 'because' })).status).toBe(400);
    expect((await control('/_emulator/disputes', { payment_intent: auth.id, amount: 'lots' })).status).toBe(400);

    const declined = await rejectionOf(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_chargeDeclined', allowed_payment_method_types: ['card'], confirm: true }));
    expect((await control('/_emulator/disputes', { charge: declined.raw && (declined.raw as { charge: string }).charge })).status).toBe(400);

    const pi = await paid(1000);
    emu.createDispute({ payment_intent: pi.id });
    expect((await control('/_emulator/disputes', { payment_intent: pi.id })).status).toBe(400);

    const refunded = await paid(1000, 'ord_r');
    await stripe.refunds.create({ payment_intent: refunded.id });
    expect((await control('/_emulator/disputes', { payment_intent: refunded.id })).status).toBe(400);

    expect((await control('/_emulator/disputes/dp_missing/resolve', { outcome: 'won' })).status).toBe(404);
    expect((await control(`/_emulator/disputes/dp_missing/resolve`, { outcome: 'maybe' })).status).toBe(400);
    expect((await rejectionOf(stripe.disputes.retrieve('dp_missing'))).code).toBe('resource_missing');
    expect(() => emu.createDispute({ payment_intent: auth.id })).toThrow(/not been captured/);
    expect(emu.state().counts).toMatchObject({ disputes: 1, disputes_by_status: { needs_response: 1 } });
  });

  it('rejects unknown evidence fields and parameters', async () => {
    const pi = await paid(1000);
    const dp = emu.createDispute({ payment_intent: pi.id });
    const res = await fetch(`${emu.url}/v1/disputes/${dp.id}`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk_test_x', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'evidence[favourite_colour]=blue',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string; param: string } }).error).toMatchObject({ code: 'parameter_unknown', param: 'evidence[favourite_colour]' });
    expect((await rejectionOf(stripe.disputes.update(dp.id, { amount: 5 } as Stripe.DisputeUpdateParams))).code).toBe('parameter_unknown');
    // Nothing changed: no event.
    expect(disputeEventTypes()).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn']);
  });
});

describe('Disputes: listing', () => {
  it('newest first with limit / starting_after / ending_before, filtered by charge, payment_intent and created', async () => {
    const realNow = Date.now();
    const day = 86_400_000;
    const pis: Stripe.PaymentIntent[] = [];
    for (let i = 0; i < 5; i++) pis.push(await paid(1000 + i, `ord_${i}`));
    // Disputes filed on five different days (the clock is moved for the synchronous call only).
    const disputes = pis.map((pi, i) => {
      vi.spyOn(Date, 'now').mockReturnValue(realNow - (4 - i) * day);
      const dp = emu.createDispute({ payment_intent: pi.id });
      vi.restoreAllMocks();
      return dp;
    });
    const ids = disputes.map((d) => d.id).reverse(); // newest first

    const page1 = await stripe.disputes.list({ limit: 2 });
    expect(page1).toMatchObject({ object: 'list', url: '/v1/disputes', has_more: true });
    expect(page1.data.map((d) => d.id)).toEqual(ids.slice(0, 2));
    const page2 = await stripe.disputes.list({ limit: 2, starting_after: ids[1] });
    expect(page2.data.map((d) => d.id)).toEqual(ids.slice(2, 4));
    expect(page2.has_more).toBe(true);
    const last = await stripe.disputes.list({ limit: 2, starting_after: ids[3] });
    expect(last).toMatchObject({ has_more: false });
    expect(last.data.map((d) => d.id)).toEqual([ids[4]]);
    const back = await stripe.disputes.list({ limit: 2, ending_before: ids[3] });
    expect(back.data.map((d) => d.id)).toEqual(ids.slice(1, 3));
    expect(back.has_more).toBe(true);
    expect((await stripe.disputes.list({ limit: 1 }).autoPagingToArray({ limit: 100 })).map((d) => d.id)).toEqual(ids);

    expect((await stripe.disputes.list({ charge: pis[2].latest_charge as string })).data.map((d) => d.id)).toEqual([disputes[2].id]);
    expect((await stripe.disputes.list({ payment_intent: pis[3].id })).data.map((d) => d.id)).toEqual([disputes[3].id]);
    expect((await stripe.disputes.list({ payment_intent: pis[3].id, charge: pis[2].latest_charge as string })).data).toHaveLength(0);

    const nowS = Math.floor(realNow / 1000);
    const recent = await stripe.disputes.list({ created: { gte: nowS - 86400 - 60 } });
    expect(recent.data.map((d) => d.id)).toEqual(ids.slice(0, 2));
    const older = await stripe.disputes.list({ created: { lte: nowS - 2 * 86400 + 60 }, limit: 1 });
    expect(older.data.map((d) => d.id)).toEqual([ids[2]]);
    expect(older.has_more).toBe(true);
    const olderAll = await stripe.disputes.list({ created: { lte: nowS - 2 * 86400 + 60 }, limit: 1 }).autoPagingToArray({ limit: 10 });
    expect(olderAll.map((d) => d.id)).toEqual(ids.slice(2));
    const window = await stripe.disputes.list({ created: { gt: nowS - 4 * 86400 + 60, lt: nowS - 60 } });
    expect(window.data.map((d) => d.id)).toEqual(ids.slice(1, 4));

    expect((await rejectionOf(stripe.disputes.list({ starting_after: 'dp_nope' }))).code).toBe('resource_missing');
    expect((await rejectionOf(stripe.disputes.list({ limit: 101 }))).code).toBe('parameter_invalid_integer');
  });
});

describe('Disputes: events and webhooks', () => {
  it('each dispute event is delivered signed (constructEvent verifies it), with a unique evt_ id and the dispute as it was', async () => {
    const pi = await paid(3000, 'ord_wh');
    const dp = emu.createDispute({ payment_intent: pi.id });
    await stripe.disputes.update(dp.id, { evidence: { customer_email_address: 'ada@example.com' } });
    emu.resolveDispute(dp.id, 'won');
    await emu.waitForWebhooks();

    const events = receiver.received.map(verify).filter((e) => e.type.startsWith('charge.dispute.'));
    expect(events.map((e) => e.type)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn', 'charge.dispute.updated', 'charge.dispute.closed', 'charge.dispute.funds_reinstated']);
    expect(new Set(events.map((e) => e.id)).size).toBe(5);
    for (const e of events) expect(e.id).toMatch(/^evt_/);
    const status = (e: Stripe.Event) => (e.data.object as Stripe.Dispute).status;
    expect(events.map(status)).toEqual(['needs_response', 'needs_response', 'under_review', 'won', 'won']);
    const created = events[0] as Stripe.ChargeDisputeCreatedEvent;
    expect(created.data.object).toMatchObject({ id: dp.id, charge: pi.latest_charge, payment_intent: pi.id, amount: 3000 });
    expect(created.request).toEqual({ id: null, idempotency_key: null });
    const updated = events[2] as Stripe.ChargeDisputeUpdatedEvent;
    expect(updated.request?.id).toMatch(/^req_/);
    expect(updated.data.previous_attributes).toMatchObject({ status: 'needs_response', evidence: { customer_email_address: null } });
    expect((events[4] as Stripe.ChargeDisputeFundsReinstatedEvent).data.object.balance_transactions.map((t) => t.amount)).toEqual([-3000, 3000]);
    // The Events API has them too.
    const listed = await stripe.events.list({ type: 'charge.dispute.*', limit: 100 });
    expect(listed.data.map((e) => e.id).reverse()).toEqual(events.map((e) => e.id));
  });

  it('go through the same dispatcher: duplicated and reordered like every other event', async () => {
    const pi = await paid(3000, 'ord_dup');
    await emu.waitForWebhooks();
    receiver.received.length = 0;

    emu.setWebhookFaults({ duplicate: 2 });
    const dp = emu.createDispute({ payment_intent: pi.id });
    await emu.waitForWebhooks();
    const dupes = receiver.received.map(verify);
    expect(dupes.map((e) => e.type).sort()).toEqual(['charge.dispute.created', 'charge.dispute.created', 'charge.dispute.funds_withdrawn', 'charge.dispute.funds_withdrawn']);
    expect(new Set(dupes.map((e) => e.id)).size).toBe(2);

    emu.clearWebhookFaults();
    receiver.received.length = 0;
    emu.setWebhookFaults({ reorder: 2, reorderWindowMs: 2000 });
    emu.resolveDispute(dp.id, 'won'); // closed, funds_reinstated
    await emu.waitForWebhooks();
    expect(receiver.received.map(verify).map((e) => e.type)).toEqual(['charge.dispute.funds_reinstated', 'charge.dispute.closed']);
  });
});
