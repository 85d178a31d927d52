// The ledger's movements in the window that no Stripe list returned (a boundary case, or a real
// difference): each is looked up individually, a bounded number of them, 8 at a time.
import type Stripe from 'stripe';
import type { Difference, ObjectType } from './window';
import type { LedgerSide } from './ledger-side';
import { inBatches, isMissing, slimDispute, slimPaymentIntent, slimRefund, type StripeWindow, UUID } from './stripe-window';

/** Looks up what no list returned (adding what it finds to `s`); what Stripe lacks is a difference. */
export async function lookUpUnlisted(stripe: Stripe, s: StripeWindow, side: LedgerSide, maxLookups: number): Promise<{ differences: Difference[]; checked: number; stripeLookups: number }> {
  const { candidates, ordersById, ledger, refundsById, refundsByStripeId, stripeRefundOf } = side;
  // The ledger's movements in the window that no list returned: look each one up.
  const differences: Difference[] = [];
  let checked = 0;
  type Lookup = { key: string; orderId: string | null; run: () => Promise<void> };
  const lookups = new Map<string, Lookup>();
  const missing = (objectType: ObjectType, objectId: string, orderId: string | null, what: string) => {
    checked++;
    differences.push({ kind: 'missing_in_stripe', objectType, objectId, orderId, detail: { message: `The ledger records ${what}; Stripe has no such ${objectType === 'payment_intent' ? 'PaymentIntent' : objectType}.`, expected: 'none', actual: what } });
  };
  for (const c of candidates) {
    if (c.kind === 'authorization' || c.kind === 'capture') {
      const piId = c.external_ref;
      if (s.paymentIntents.has(piId) || lookups.has(piId)) continue;
      lookups.set(piId, {
        key: piId,
        orderId: c.order_id,
        run: async () => {
          try {
            s.paymentIntents.set(piId, slimPaymentIntent(await stripe.paymentIntents.retrieve(piId), 'lookup'));
          } catch (err) {
            if (!isMissing(err)) throw err;
            const m = c.order_id ? ledger.money(c.order_id) : null;
            missing('payment_intent', piId, c.order_id, m ? `an authorization of ${m.authorized}${m.captured ? ` and a capture of ${m.captured}` : ''}` : 'a payment');
          }
        },
      });
    } else if (c.kind === 'refund') {
      const row = UUID.test(c.external_ref) ? refundsById.get(c.external_ref) : refundsByStripeId.get(c.external_ref);
      const stripeId = row?.stripe_refund_id ?? (row ? stripeRefundOf.get(row.id) : undefined) ?? (c.external_ref.startsWith('re_') ? c.external_ref : undefined);
      if ((stripeId && s.refunds.has(stripeId)) || lookups.has(c.external_ref)) continue;
      const tx = ledger.tx('refund', c.external_ref);
      const what = `a refund of ${tx?.amount ?? row?.amount ?? '?'}${row && !row.stripe_refund_id ? ' that was never confirmed by Stripe' : ''}`;
      const order = row ? ordersById.get(row.order_id) : c.order_id ? ordersById.get(c.order_id) : undefined;
      lookups.set(c.external_ref, {
        key: c.external_ref,
        orderId: c.order_id,
        run: async () => {
          if (stripeId) {
            try {
              const r = slimRefund(await stripe.refunds.retrieve(stripeId));
              s.refunds.set(r.id, r);
            } catch (err) {
              if (!isMissing(err)) throw err;
              missing('refund', stripeId, c.order_id, what);
            }
            return;
          }
          // Never confirmed: Stripe knows our refunds by metadata.dotshop_refund_id.
          const pi = order?.payment_intent_id;
          if (pi) {
            for await (const sr of stripe.refunds.list({ payment_intent: pi, limit: 100 })) {
              if (sr.metadata?.dotshop_refund_id === c.external_ref) {
                const r = slimRefund(sr);
                s.refunds.set(r.id, r);
                return;
              }
            }
          }
          missing('refund', c.external_ref, c.order_id, what);
        },
      });
    } else if (c.kind === 'dispute_withdrawal') {
      const dpId = c.external_ref;
      if (s.disputes.has(dpId) || lookups.has(dpId)) continue;
      lookups.set(dpId, {
        key: dpId,
        orderId: c.order_id,
        run: async () => {
          try {
            const dp = slimDispute(await stripe.disputes.retrieve(dpId));
            s.disputes.set(dp.id, dp);
          } catch (err) {
            if (!isMissing(err)) throw err;
            missing('dispute', dpId, c.order_id, `a dispute withdrawal of ${ledger.tx('dispute_withdrawal', dpId)?.amount ?? '?'}`);
          }
        },
      });
    }
  }
  const queued = [...lookups.values()];
  for (const l of queued.slice(maxLookups)) {
    checked++;
    differences.push({
      kind: 'missing_in_stripe',
      objectType: l.key.startsWith('pi_') ? 'payment_intent' : l.key.startsWith('dp_') ? 'dispute' : 'refund',
      objectId: l.key,
      orderId: l.orderId,
      detail: { message: `No Stripe list for the window returned this ledger movement, and the run's lookup limit (${maxLookups}) was reached before it could be looked up.`, expected: 'unknown (not looked up)', actual: 'on the ledger' },
    });
  }
  await inBatches(queued.slice(0, maxLookups), 8, (l) => l.run());
  const stripeLookups = Math.min(queued.length, maxLookups);
  return { differences, checked, stripeLookups };
}
