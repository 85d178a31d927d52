// The Stripe side of a window: the paginated list APIs over `created[gte]/[lte]` (PaymentIntents,
// charges, refunds, disputes, and the payment_intent.succeeded/canceled events that carry captures
// and cancellations of PaymentIntents created before it), reduced to the fields compared.
import type Stripe from 'stripe';

// ---------------------------------------------------------------------------------------------
// The Stripe side, reduced to the fields the comparison reads (10 000 full objects are ~50 MB).

export type SPaymentIntent = {
  id: string;
  status: Stripe.PaymentIntent.Status;
  amount: number;
  amountCapturable: number;
  amountReceived: number;
  currency: string;
  cancellationReason: string | null;
  orderId: string | null;
  looksOurs: boolean;
  source: 'list' | 'event' | 'lookup';
};
export type SRefund = { id: string; paymentIntent: string | null; amount: number; currency: string; status: string; dotshopRefundId: string | null; orderId: string | null };
/** `fees`: Stripe's dispute fees by balance transaction id (the dispute object carries them). */
export type SDispute = { id: string; paymentIntent: string | null; charge: string | null; amount: number; currency: string; status: string; fees: Map<string, number> };

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrNull = (v: string | undefined | null) => (v && UUID.test(v) ? v.toLowerCase() : null);
const idOf = (v: string | { id: string } | null | undefined) => (typeof v === 'string' ? v : (v?.id ?? null));

export function slimPaymentIntent(pi: Stripe.PaymentIntent, source: SPaymentIntent['source']): SPaymentIntent {
  const md = pi.metadata ?? {};
  return {
    id: pi.id,
    status: pi.status,
    amount: pi.amount,
    amountCapturable: pi.amount_capturable,
    amountReceived: pi.amount_received,
    currency: pi.currency.toUpperCase(),
    cancellationReason: pi.cancellation_reason ?? null,
    orderId: uuidOrNull(md.order_id),
    // Ours by construction (server/modules/checkout/place-order.ts): metadata order_id/order_number, "DotShop order DS-…".
    looksOurs: !!md.order_id || /^DS-\d+$/.test(md.order_number ?? '') || /^DotShop order /.test(pi.description ?? ''),
    source,
  };
}
export const slimRefund = (r: Stripe.Refund): SRefund => ({
  id: r.id,
  paymentIntent: idOf(r.payment_intent),
  amount: r.amount,
  currency: r.currency.toUpperCase(),
  status: r.status ?? 'pending',
  dotshopRefundId: uuidOrNull(r.metadata?.dotshop_refund_id),
  orderId: uuidOrNull(r.metadata?.order_id),
});
export const slimDispute = (d: Stripe.Dispute): SDispute => ({
  id: d.id,
  paymentIntent: idOf(d.payment_intent),
  charge: idOf(d.charge),
  amount: d.amount,
  currency: d.currency.toUpperCase(),
  status: d.status,
  fees: new Map((d.balance_transactions ?? []).filter((bt) => typeof bt === 'object' && bt && bt.fee).map((bt) => [bt.id, bt.fee])),
});

const LIST_PATH = /^\/v1\/(payment_intents|charges|refunds|disputes|events)(\?|$)/;

export async function listStripeWindow(stripe: Stripe, windowStart: Date, windowEnd: Date) {
  const created = { gte: Math.floor(windowStart.getTime() / 1000), lte: Math.floor(windowEnd.getTime() / 1000) };
  const page = { created, limit: 100 } as const;
  const paymentIntents = new Map<string, SPaymentIntent>();
  const chargeToPi = new Map<string, string>();
  /** PaymentIntents whose charge was authorized (so a canceled one had a hold to release). */
  const authorizedPis = new Set<string>();
  const refunds = new Map<string, SRefund>();
  const disputes = new Map<string, SDispute>();
  const changed: SPaymentIntent[] = [];
  let calls = 0;
  // Counted from the SDK's own request events: each page of an auto-paginated list is a request.
  const onRequest = (e: { method: string; path: string }) => {
    if (e.method === 'GET' && LIST_PATH.test(e.path)) calls++;
  };
  stripe.on('request', onRequest);
  try {
    await Promise.all([
      (async () => {
        for await (const pi of stripe.paymentIntents.list(page)) paymentIntents.set(pi.id, slimPaymentIntent(pi, 'list'));
      })(),
      (async () => {
        for await (const ch of stripe.charges.list(page)) {
          const pi = idOf(ch.payment_intent);
          if (!pi) continue;
          chargeToPi.set(ch.id, pi);
          if (ch.status === 'succeeded') authorizedPis.add(pi);
        }
      })(),
      (async () => {
        for await (const r of stripe.refunds.list(page)) refunds.set(r.id, slimRefund(r));
      })(),
      (async () => {
        for await (const d of stripe.disputes.list(page)) disputes.set(d.id, slimDispute(d));
      })(),
      (async () => {
        // Captures and cancellations in the window of PaymentIntents created before it. Both are
        // final states, so the event's snapshot is the PaymentIntent as it is now. Newest first.
        for await (const ev of stripe.events.list({ ...page, types: ['payment_intent.succeeded', 'payment_intent.canceled'] })) {
          changed.push(slimPaymentIntent(ev.data.object as Stripe.PaymentIntent, 'event'));
        }
      })(),
    ]);
  } finally {
    stripe.off('request', onRequest);
  }
  for (const pi of changed) if (!paymentIntents.has(pi.id)) paymentIntents.set(pi.id, pi);
  return { paymentIntents, chargeToPi, authorizedPis, refunds, disputes, listCalls: calls };
}

export type StripeWindow = Awaited<ReturnType<typeof listStripeWindow>>;

export const isMissing = (err: unknown) => {
  const e = err as { statusCode?: number; code?: string; type?: string };
  return e?.statusCode === 404 || e?.code === 'resource_missing';
};

export async function inBatches<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>) {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}

// ---------------------------------------------------------------------------------------------
