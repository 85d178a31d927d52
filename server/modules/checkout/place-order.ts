// Placing an order: ONE statement reserves every line first and only then writes the order, its
// lines, holds and first event and closes the cart (ADR 026); then Stripe authorizes (manual
// capture, idempotency key derived from the order id); then a transaction records the outcome,
// the idempotent answer and one outbox row that the worker fans out (email, Shopify push, safety
// capture). A crash between the two, or an abandoned payment, is converged by the minute sweep
// (`sweepPendingOrders` → `recoverPendingOrder`), which asks Stripe and never guesses.
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { JobInsert } from 'pg-boss';
import Stripe from 'stripe';
import type { Db, Tx } from '../../../db/client';
import { orders } from '../../../db/commerce-schema';

import { queues, type QueueName } from '../../platform/queues';
import { adjustCartToStock } from '../cart';
import { changeOrderStatus, formatMoney, type OrderStatus } from '../orders';
import { fingerprint, replaceStoredResponse, type StoredResponse, withIdempotency } from './idempotency';
import { releaseReservations, reservationCtes } from './inventory';
import { postAuthorization } from '../payments';
import type { Logger } from '../../platform/logger';
import type { Outbox } from '../../platform/outbox';
import { computeTotals, type ShippingMethodId } from './pricing';
import { LOW_STOCK_THRESHOLD, REGIONS, type RegionCode } from '../catalog';
import { surrogateKey } from '../../platform/cache-headers';
import type { PurgeAdapter } from '../../platform/purge';
import { withSpan } from '../../platform/tracing';
import { checkoutOutcomes } from '../../platform/metrics';

export type CheckoutDeps = {
  db: Db;
  stripe: Stripe;
  outbox: Outbox;
  logger?: Logger;
  publicUrl: string;
  paymentTimeoutSeconds: number;
  /** Set by checkoutIdempotently: stores the request's answer inside the authorization's transaction. */
  storeAnswer?: (tx: Tx, answer: StoredResponse) => Promise<void>;
};

export type ShippingAddress = {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  /** US state code (US) or '' (EU). */
  region?: string;
  country: string;
};

export type CheckoutInput = {
  cartId: string;
  region: RegionCode;
  email: string;
  shippingAddress: ShippingAddress;
  shippingMethod: ShippingMethodId;
  paymentMethod: string;
};

export type OrderSummary = { id: string; number: string; status: OrderStatus; total: number; currency: string };

export type CheckoutOutcome =
  | { kind: 'authorized'; order: OrderSummary }
  | { kind: 'requires_action'; order: OrderSummary; redirectUrl: string }
  | { kind: 'declined'; order: OrderSummary; code: string; message: string }
  | { kind: 'payment_unavailable'; order: OrderSummary }
  | { kind: 'out_of_stock'; skus: string[]; adjustments: { sku: string; from: number; to: number }[] }
  | { kind: 'empty_cart' }
  | { kind: 'cart_not_found' }
  | { kind: 'cart_closed' };

/** Online card authorizations expire after 7 days; the safety capture runs on day 6. */
export const SAFETY_CAPTURE_AFTER_SECONDS = 6 * 24 * 60 * 60;

export function authorizationIdempotencyKey(orderId: string) {
  return `dotshop-order-${orderId}-authorize`;
}

/** A line as the checkout read it: what the order is written from, and what the bag must still hold. */
type CheckoutLine = { variant_id: number; qty: number; amount: number; sku: string; title: string; variant_title: string };

/**
 * The bag as checkout prices it: one statement (the cart row and its priced lines). Lines without
 * a price in the market's currency are left out, as the bag page does.
 */
async function readCartForCheckout(db: Db, cartId: string, currency: string) {
  const rows = await db.execute<{ checked_out: boolean; variant_id: number | null; qty: number; amount: number; sku: string; title: string; variant_title: string }>(sql`
    select c.checked_out_at is not null as checked_out, cl.variant_id, cl.quantity as qty, vp.amount, v.sku, p.title, v.title as variant_title
    from carts c
    left join (cart_lines cl
      join variants v on v.id = cl.variant_id
      join products p on p.id = v.product_id
      join variant_prices vp on vp.variant_id = cl.variant_id and vp.currency = ${currency}) on cl.cart_id = c.id
    where c.id = ${cartId}::uuid
    order by cl.added_at, cl.variant_id`);
  if (!rows.length) return null;
  const lines: CheckoutLine[] = rows.filter((r) => r.variant_id !== null).map((r) => ({ variant_id: Number(r.variant_id), qty: r.qty, amount: r.amount, sku: r.sku, title: r.title, variant_title: r.variant_title }));
  return { checkedOut: rows[0].checked_out, lines };
}

type Placement = { id: string | null; number: string | null; status: OrderStatus | null; total: number | null; currency: string | null; cart_open: boolean; unchanged: boolean; reservable: number[] };

/**
 * Places the order in ONE statement (autocommit): locks the cart, checks that it still holds
 * exactly the lines and prices the totals were computed from, reserves every line or none
 * (reservationCtes: rows locked in variant-id order, `available − reserved >= qty` re-checked on
 * the newest row version), and only when every line is reserved inserts the order, its lines,
 * its reservations and its first event and closes the cart. A shopper who loses the last unit
 * writes nothing: no order row, no order number taken from the sequence (the column default is
 * evaluated only for a row that is inserted), no job.
 */
async function placeOrderStatement(db: Db, input: CheckoutInput, currency: string, lines: CheckoutLine[], totals: ReturnType<typeof computeTotals>): Promise<Placement> {
  const sorted = [...lines].sort((a, b) => a.variant_id - b.variant_id);
  const [row] = await db.execute<Placement>(sql`
    with wanted as (
      select * from jsonb_to_recordset(${JSON.stringify(sorted)}::jsonb)
        as w(variant_id int, qty int, amount int, sku text, title text, variant_title text)
    ),
    cart as (
      select id from carts where id = ${input.cartId}::uuid and checked_out_at is null for update
    ),
    unchanged as (
      select (select count(*) from cart_lines cl
                join variant_prices vp on vp.variant_id = cl.variant_id and vp.currency = ${currency}
                join wanted w on w.variant_id = cl.variant_id and w.qty = cl.quantity and w.amount = vp.amount
              where cl.cart_id = ${input.cartId}::uuid) = ${sorted.length}
         and (select count(*) from cart_lines cl
                join variant_prices vp on vp.variant_id = cl.variant_id and vp.currency = ${currency}
              where cl.cart_id = ${input.cartId}::uuid) = ${sorted.length} as ok
    ),
    ${reservationCtes(sql`exists (select 1 from cart) and (select ok from unchanged)`, sorted.length)},
    placed as (
      insert into orders (cart_id, email, region, currency, subtotal, shipping_amount, tax_amount, tax_included, total, shipping_method, shipping_address)
      select c.id, ${input.email}, ${input.region}, ${currency}, ${totals.subtotal}, ${totals.shipping}, ${totals.tax}, ${totals.taxIncluded ? 1 : 0}, ${totals.total},
             ${input.shippingMethod}, ${JSON.stringify(input.shippingAddress)}::jsonb
      from cart c where (select count(*) from updated) = ${sorted.length}
      returning id, number, status, total, currency
    ),
    order_lines_written as (
      insert into order_lines (order_id, variant_id, sku, title, variant_title, quantity, unit_amount, line_total)
      select p.id, w.variant_id, w.sku, w.title, w.variant_title, w.qty, w.amount, w.amount * w.qty from placed p cross join wanted w
    ),
    held as (
      insert into reservations (order_id, variant_id, quantity) select p.id, w.variant_id, w.qty from placed p cross join wanted w
    ),
    first_event as (
      insert into order_events (order_id, from_status, to_status, note) select id, null, 'pending_payment', 'Order placed; stock reserved' from placed
    ),
    closed as (
      update carts set checked_out_at = now() where id = ${input.cartId}::uuid and exists (select 1 from placed)
    )
    select p.id, p.number, p.status, p.total, p.currency,
           exists (select 1 from cart) as cart_open,
           (select ok from unchanged) as unchanged,
           array(select variant_id from locked) as reservable
    from (select 1) one left join placed p on true`);
  return { ...row, reservable: (row.reservable ?? []).map(Number) };
}

export async function placeOrder(deps: CheckoutDeps, input: CheckoutInput): Promise<CheckoutOutcome> {
  const { db } = deps;
  const currency = REGIONS[input.region].currency;
  // Optimistic: read the bag, price it, then place the order in one statement that re-checks the
  // bag under the cart's lock. A bag changed in between (a line added in another tab) is read again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const cart = await readCartForCheckout(db, input.cartId, currency);
    if (!cart) return { kind: 'cart_not_found' };
    if (cart.checkedOut) return { kind: 'cart_closed' };
    if (cart.lines.length === 0) return { kind: 'empty_cart' };
    const totals = computeTotals({
      region: input.region,
      currency,
      subtotal: cart.lines.reduce((n, l) => n + l.amount * l.qty, 0),
      shippingMethod: input.shippingMethod,
      taxArea: input.region === 'us' ? input.shippingAddress.region : input.shippingAddress.country,
    });
    const placed = await placeOrderStatement(db, input, currency, cart.lines, totals);
    if (placed.id) {
      // A crash from here until the authorization is recorded is converged by the pending-order
      // sweep (jobs/order-jobs.ts), which asks Stripe; no job per order is needed for it.
      return authorizeOrder(deps, { id: placed.id, number: placed.number!, status: placed.status!, total: placed.total!, currency: placed.currency! }, input.paymentMethod);
    }
    if (!placed.cart_open) return { kind: 'cart_closed' };
    if (!placed.unchanged) continue;
    const got = new Set(placed.reservable);
    const adjustments = await adjustCartToStock(db, input.cartId);
    return { kind: 'out_of_stock', skus: cart.lines.filter((l) => !got.has(l.variant_id)).map((l) => l.sku), adjustments };
  }
  throw new Error(`cart ${input.cartId} kept changing during checkout`);
}

/**
 * Asks Stripe to authorize the order (manual capture). The idempotency key is derived from the
 * order, so calling this again for the same order — a retry after "payment unavailable" — can
 * never create a second authorization: Stripe replays the first answer or runs it once.
 */
export async function authorizeOrder(deps: CheckoutDeps, order: OrderSummary, paymentMethod: string, opts: { confirmLater?: boolean } = {}): Promise<CheckoutOutcome> {
  let pi: Stripe.PaymentIntent;
  try {
    pi = await withSpan('stripe authorize', { 'dotshop.order_id': order.id, 'dotshop.amount_minor': order.total, 'dotshop.currency': order.currency }, () =>
      deps.stripe.paymentIntents.create(
        {
          amount: order.total,
          currency: order.currency.toLowerCase(),
          capture_method: 'manual',
          payment_method: paymentMethod,
          confirm: true,
          return_url: `${deps.publicUrl}/checkout/return?order=${order.id}`,
          metadata: { order_id: order.id, order_number: order.number },
          description: `DotShop order ${order.number}`,
        },
        { idempotencyKey: authorizationIdempotencyKey(order.id) },
      ),
    );
  } catch (err) {
    if (err instanceof Stripe.errors.StripeCardError || (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'resource_missing' && err.param === 'payment_method')) {
      const code = (err as Stripe.errors.StripeError).code ?? 'card_declined';
      const message = declineMessage(err as Stripe.errors.StripeError);
      const piId = (err as Stripe.errors.StripeError).payment_intent?.id ?? null;
      await markPaymentFailed(deps.db, order.id, piId, code, message);
      return { kind: 'declined', order: { ...order, status: 'payment_failed' }, code: 'card_declined', message };
    }
    // Stripe unreachable, erroring or slower than STRIPE_TIMEOUT_MS: the order stays
    // pending_payment and its authorization is retried in the background (same Stripe
    // idempotency key and the same parameters — the job carries this region's public URL for the
    // return_url — so one PaymentIntent however often it runs); the shopper is told at once.
    deps.logger?.warn({ err: (err as Error).message, orderId: order.id }, 'payment service unavailable during checkout');
    if (opts.confirmLater !== false) {
      await deps.db.transaction((tx) => deps.outbox.send(tx, queues.confirmPayment, { orderId: order.id, paymentMethod, publicUrl: deps.publicUrl }, { startAfter: CONFIRM_PAYMENT_AFTER_SECONDS }));
    }
    return { kind: 'payment_unavailable', order };
  }
  return applyPaymentIntent(deps, order, pi);
}

/** The first background try of an authorization Stripe did not answer during checkout. */
export const CONFIRM_PAYMENT_AFTER_SECONDS = 3;

export class PaymentStillUnavailable extends Error {
  constructor(orderId: string) {
    super(`Stripe still unavailable for order ${orderId}; retrying`);
  }
}

/**
 * The background half of a checkout whose authorization Stripe did not answer: asks again with
 * the same idempotency key (Stripe replays the first answer if it did run). Throws while Stripe is
 * still unavailable, so the job retries with backoff; an order settled meanwhile is left alone.
 */
export async function confirmPayment(deps: CheckoutDeps, orderId: string, paymentMethod: string): Promise<OrderStatus | null> {
  const order = await getOrderSummary(deps.db, orderId);
  if (!order || order.status !== 'pending_payment') return order?.status ?? null;
  const outcome = await authorizeOrder(deps, order, paymentMethod, { confirmLater: false });
  if (outcome.kind === 'payment_unavailable') throw new PaymentStillUnavailable(orderId);
  return 'order' in outcome ? outcome.order.status : null;
}

/** Records what Stripe says about an order's PaymentIntent. Safe to call any number of times. */
export async function applyPaymentIntent(deps: Pick<CheckoutDeps, 'db' | 'outbox' | 'storeAnswer'>, order: OrderSummary, pi: Stripe.PaymentIntent): Promise<CheckoutOutcome> {
  if (pi.status === 'requires_capture' || pi.status === 'succeeded') {
    const outcomeFor = (status: OrderStatus): CheckoutOutcome =>
      status === 'cancelled' || status === 'payment_failed'
        ? // The order was given up (recovery, timeout) before this authorization arrived: it is voided.
          { kind: 'declined', order: { ...order, status }, code: 'payment_not_completed', message: 'Your payment was not completed in time; the order was cancelled and nothing was charged.' }
        : { kind: 'authorized', order: { ...order, status } };
    const { storeAnswer } = deps;
    const status = await recordAuthorization(deps, order.id, pi.id, pi.amount_capturable || pi.amount, storeAnswer && ((tx, s) => storeAnswer(tx, checkoutResponse(outcomeFor(s)))));
    return outcomeFor(status);
  }
  if (pi.status === 'requires_action' && pi.next_action?.redirect_to_url?.url) {
    await deps.db.update(orders).set({ paymentIntentId: pi.id }).where(and(eq(orders.id, order.id), sql`${orders.paymentIntentId} is null`));
    return { kind: 'requires_action', order, redirectUrl: pi.next_action.redirect_to_url.url };
  }
  if (pi.status === 'requires_payment_method' || pi.status === 'canceled') {
    const code = pi.last_payment_error?.code ?? (pi.status === 'canceled' ? 'payment_canceled' : 'card_declined');
    const message = pi.last_payment_error ? declineMessage(pi.last_payment_error) : 'Your payment was not completed.';
    await markPaymentFailed(deps.db, order.id, pi.id, code, message);
    return { kind: 'declined', order: { ...order, status: 'payment_failed' }, code, message };
  }
  return { kind: 'payment_unavailable', order };
}

const CHECKOUT_ACTOR = { actorType: 'system', actorLabel: 'checkout' } as const;

/**
 * `andThen` runs in the same transaction once the status is known: the checkout stores its
 * idempotent answer there, so the authorization and the answer commit together (one commit, and a
 * crash after it still replays the right answer).
 */
export async function recordAuthorization(
  deps: Pick<CheckoutDeps, 'db' | 'outbox'>,
  orderId: string,
  paymentIntentId: string,
  amount: number,
  andThen?: (tx: Tx, status: OrderStatus) => Promise<void>,
): Promise<OrderStatus> {
  return deps.db.transaction(async (tx) => {
    // Locks the order: the job, the return URL and a webhook may record the same authorization at once.
    const [o] = await tx.execute<{ status: OrderStatus; currency: string }>(sql`select status, currency from orders where id = ${orderId}::uuid for update`);
    if (!o) throw new Error(`order ${orderId} not found`);
    const status = await recordAuthorizationLocked(tx, deps.outbox, orderId, o, paymentIntentId, amount);
    await andThen?.(tx, status);
    return status;
  });
}

/** recordAuthorization with the order row already locked by the caller's transaction. */
async function recordAuthorizationLocked(tx: Tx, outbox: Outbox, orderId: string, o: { status: OrderStatus; currency: string }, paymentIntentId: string, amount: number): Promise<OrderStatus> {
  const moved = await changeOrderStatus(tx, orderId, 'pending_payment', 'authorized', `Payment of ${formatMoney(amount, o.currency)} authorized`, CHECKOUT_ACTOR, {
    paymentIntentId,
    authorizedAt: sql`now()` as unknown as Date,
  });
  if (moved) {
    await postAuthorization(tx, { id: orderId, currency: o.currency }, paymentIntentId, amount);
    // ONE outbox row; its worker fans it out to the confirmation email, the Shopify push and the
    // day-6 safety capture (fanOutAuthorizedOrders), many orders per insert.
    await outbox.send(tx, queues.orderAuthorized, { orderId });
    return 'authorized';
  }
  if (o.status === 'cancelled' || o.status === 'payment_failed') {
    // An authorization that arrived after the order was given up (an authorize call still in
    // flight when the recovery cancelled it): the hold must not stay on the shopper's card.
    await outbox.send(tx, queues.voidOrder, { orderId, paymentIntentId }, { singletonKey: `void:${orderId}:${paymentIntentId}` });
  }
  return o.status;
}

/** A declined or abandoned payment: the order fails, its stock is released, the cart reopens. */
export async function markPaymentFailed(db: Db, orderId: string, paymentIntentId: string | null, code: string, message: string, to: 'payment_failed' | 'cancelled' = 'payment_failed') {
  await db.transaction((tx) => markPaymentFailedIn(tx, orderId, paymentIntentId, code, message, to));
}

async function markPaymentFailedIn(tx: Tx, orderId: string, paymentIntentId: string | null, code: string, message: string, to: 'payment_failed' | 'cancelled') {
  const moved = await changeOrderStatus(tx, orderId, 'pending_payment', to, to === 'cancelled' ? message : `Payment declined (${code})`, CHECKOUT_ACTOR, {
    paymentFailureCode: code,
    paymentFailureMessage: message,
    ...(paymentIntentId ? { paymentIntentId } : {}),
  });
  if (!moved) return;
  await releaseReservations(tx, orderId);
  await tx.execute(sql`update carts set checked_out_at = null, updated_at = now() where id = (select cart_id from orders where id = ${orderId}::uuid)`);
}

function declineMessage(err: { code?: string; decline_code?: string; message?: string }): string {
  if (err.decline_code === 'insufficient_funds') return 'Your card has insufficient funds. Try another card — you have not been charged.';
  if (err.code === 'payment_intent_authentication_failure') return 'Your bank could not confirm this payment. Try again or use another card — you have not been charged.';
  if (err.code === 'resource_missing') return 'That payment method could not be used. Try another card — you have not been charged.';
  return 'Your card was declined. Try another card — you have not been charged.';
}

export async function getOrderSummary(db: Db, orderId: string): Promise<OrderSummary | null> {
  const [o] = await db.select({ id: orders.id, number: orders.number, status: orders.status, total: orders.total, currency: orders.currency }).from(orders).where(eq(orders.id, orderId));
  return o ?? null;
}

/**
 * Converges an order left pending_payment (shopper abandoned 3DS, or the process crashed between
 * creating the order and recording the authorization) by asking Stripe: the PaymentIntent is
 * found by the order id in its metadata. Authorized → recorded; unfinished past the timeout →
 * cancelled at Stripe and locally; never created → cancelled locally. Never guesses.
 */
export async function recoverPendingOrder(
  deps: Pick<CheckoutDeps, 'db' | 'stripe' | 'outbox' | 'logger'>,
  orderId: string,
  opts: { abandonIncomplete: boolean },
): Promise<OrderStatus | null> {
  const order = await getOrderSummary(deps.db, orderId);
  if (!order || order.status !== 'pending_payment') return order?.status ?? null;
  const [row] = await deps.db.select({ paymentIntentId: orders.paymentIntentId }).from(orders).where(eq(orders.id, orderId));
  let pi: Stripe.PaymentIntent | undefined;
  if (row.paymentIntentId) pi = await deps.stripe.paymentIntents.retrieve(row.paymentIntentId);
  else {
    const found = await deps.stripe.paymentIntents.search({ query: `metadata['order_id']:'${orderId}'`, limit: 10 });
    pi = found.data.find((p) => p.status === 'requires_capture' || p.status === 'succeeded') ?? found.data[0];
  }
  if (!pi) {
    if (!opts.abandonIncomplete) return 'pending_payment';
    await markPaymentFailed(deps.db, orderId, null, 'payment_not_started', 'Payment was never completed; the order was cancelled and nothing was charged.', 'cancelled');
    return 'cancelled';
  }
  if (pi.status === 'requires_capture' || pi.status === 'succeeded') {
    return recordAuthorization(deps, orderId, pi.id, pi.amount_capturable || pi.amount);
  }
  if (pi.status === 'requires_payment_method' && pi.last_payment_error) {
    await markPaymentFailed(deps.db, orderId, pi.id, pi.last_payment_error.code ?? 'card_declined', declineMessage(pi.last_payment_error));
    return 'payment_failed';
  }
  if (!opts.abandonIncomplete) return 'pending_payment';
  return abandonPendingOrder(deps, orderId, pi.id);
}

/**
 * Gives up an unfinished payment — with the order row locked from the last look at Stripe to the
 * cancellation (ADR 021). The 3-D Secure return and the webhooks record an authorization under the
 * same lock, so either they run first (and this finds the order authorized and leaves it) or this
 * does (and they find it cancelled; an authorization that still lands is voided by
 * recordAuthorization). A PaymentIntent whose authorization is known is never cancelled here.
 */
async function abandonPendingOrder(deps: Pick<CheckoutDeps, 'db' | 'stripe' | 'outbox'>, orderId: string, paymentIntentId: string): Promise<OrderStatus> {
  return deps.db.transaction(async (tx) => {
    const [o] = await tx.execute<{ status: OrderStatus; currency: string }>(sql`select status, currency from orders where id = ${orderId}::uuid for update`);
    if (!o || o.status !== 'pending_payment') return o?.status ?? 'cancelled';
    let pi = await deps.stripe.paymentIntents.retrieve(paymentIntentId);
    if (pi.status === 'requires_capture' || pi.status === 'succeeded') {
      return recordAuthorizationLocked(tx, deps.outbox, orderId, o, pi.id, pi.amount_capturable || pi.amount);
    }
    if (pi.status !== 'canceled') {
      pi = await deps.stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'abandoned' }, { idempotencyKey: `dotshop-order-${orderId}-abandon` });
    }
    await markPaymentFailedIn(tx, orderId, pi.id, 'payment_abandoned', 'Payment was not completed in time; the order was cancelled and nothing was charged.', 'cancelled');
    return 'cancelled';
  });
}

/** The one HTTP-shaped answer to a checkout outcome, stored for idempotent replay and shared by
 * the checkout form and the REST API. */
export function checkoutResponse(outcome: CheckoutOutcome): { status: number; body: CheckoutResponseBody } {
  const pub = (o: OrderSummary) => ({ id: o.id, number: o.number, status: o.status, total: o.total, currency: o.currency });
  switch (outcome.kind) {
    case 'authorized':
      return { status: 201, body: { order: pub(outcome.order) } };
    case 'requires_action':
      return { status: 202, body: { order: pub(outcome.order), next_action: { type: 'redirect_to_url', redirect_url: outcome.redirectUrl } } };
    case 'declined':
      return { status: 402, body: { order: pub(outcome.order), error: { code: 'card_declined', detail: outcome.code, message: outcome.message } } };
    case 'payment_unavailable':
      return {
        status: 503,
        body: {
          order: pub(outcome.order),
          error: {
            code: 'payment_unavailable',
            message: `Your order ${outcome.order.number} is placed and we are confirming its payment with the card network; we will email you when it is confirmed. You will not be charged twice.`,
          },
        },
      };
    case 'out_of_stock':
      return { status: 409, body: { error: { code: 'out_of_stock', message: 'Some items sold out while in your bag. We have updated it.', skus: outcome.skus } } };
    case 'empty_cart':
      return { status: 422, body: { error: { code: 'empty_cart', message: 'Your bag is empty.' } } };
    case 'cart_not_found':
      return { status: 404, body: { error: { code: 'cart_not_found', message: 'Cart not found.' } } };
    case 'cart_closed':
      return { status: 409, body: { error: { code: 'cart_closed', message: 'This cart has already been checked out.' } } };
  }
}

export type CheckoutResponseBody = {
  order?: { id: string; number: string; status: OrderStatus; total: number; currency: string };
  next_action?: { type: 'redirect_to_url'; redirect_url: string };
  error?: { code: string; message: string; detail?: string; skus?: string[] };
};

/**
 * The live order a checkout of this cart with this very request committed (the cart is closed by
 * it): same cart, still payable or paid, and the same shopper details as the request.
 */
async function orderOfInterruptedCheckout(db: Db, input: CheckoutInput): Promise<OrderSummary | null> {
  const [o] = await db.execute<OrderSummary & { shipping_address: unknown; email: string; region: string; shipping_method: string }>(sql`
    select o.id, o.number, o.status, o.total, o.currency, o.email, o.region, o.shipping_method, o.shipping_address
    from orders o join carts c on c.id = o.cart_id
    where o.cart_id = ${input.cartId}::uuid and c.checked_out_at is not null
      and o.status not in ('payment_failed', 'cancelled')
    order by o.created_at desc limit 1`);
  if (!o) return null;
  const same = o.email === input.email && o.region === input.region && o.shipping_method === input.shippingMethod && fingerprint(o.shipping_address) === fingerprint(input.shippingAddress);
  return same ? { id: o.id, number: o.number, status: o.status, total: o.total, currency: o.currency } : null;
}

/** Carries an interrupted checkout's order to the answer it would have had. */
async function continueOrder(deps: CheckoutDeps, order: OrderSummary, paymentMethod: string): Promise<CheckoutOutcome> {
  if (order.status !== 'pending_payment') return { kind: 'authorized', order };
  const [row] = await deps.db.select({ pi: orders.paymentIntentId }).from(orders).where(eq(orders.id, order.id));
  // Authorize again with the order's own Stripe idempotency key: Stripe replays the first call's
  // answer if it got that far, so this can never make a second authorization.
  if (!row?.pi) return authorizeOrder(deps, order, paymentMethod);
  return applyPaymentIntent(deps, order, await deps.stripe.paymentIntents.retrieve(row.pi));
}

/** The shopper is back from the 3-D Secure page: ask Stripe about the order's PaymentIntent. */
export async function resumeAfterAuthentication(deps: Pick<CheckoutDeps, 'db' | 'stripe' | 'outbox'>, orderId: string): Promise<{ order: OrderSummary; outcome: CheckoutOutcome | null } | null> {
  const [row] = await deps.db
    .select({ id: orders.id, number: orders.number, status: orders.status, total: orders.total, currency: orders.currency, pi: orders.paymentIntentId })
    .from(orders)
    .where(eq(orders.id, orderId));
  if (!row) return null;
  const { pi: piId, ...order } = row;
  if (order.status !== 'pending_payment' || !piId) return { order, outcome: null };
  const pi = await deps.stripe.paymentIntents.retrieve(piId);
  return { order, outcome: await applyPaymentIntent(deps, order, pi) };
}

/**
 * Checkout as an idempotent request: the same key + request gives the stored answer (no second
 * order, no second PaymentIntent); a different request with the key → 422; a concurrent duplicate
 * waits and replays. Used by the checkout form and the REST API alike.
 */
export async function checkoutIdempotently(deps: CheckoutDeps, key: string, input: CheckoutInput): Promise<{ status: number; body: CheckoutResponseBody; replayed: boolean }> {
  const scope = `checkout:${input.cartId}`;
  const result = await withIdempotency(deps.db, { scope, key, request: input }, async ({ takenOver, storeIn }) => {
    const run = { ...deps, storeAnswer: storeIn };
    // The first request with this key died mid-way. If it got as far as committing its order, the
    // cart is closed by that order: continue it (same Stripe idempotency key) instead of answering
    // 409 cart_closed for a checkout that in fact succeeded (issue 11 §3.5).
    if (takenOver) {
      const existing = await orderOfInterruptedCheckout(deps.db, input);
      if (existing) return checkoutResponse(await continueOrder(run, existing, input.paymentMethod));
    }
    return checkoutResponse(await placeOrder(run, input));
  });
  const body = result.body as CheckoutResponseBody;
  // Stripe was unreachable the first time: a retry of the same request retries the authorization
  // of the same order (same Stripe idempotency key) instead of replaying the 503 for 24 hours.
  if (result.replayed && result.status === 503 && body.order) {
    const order = await getOrderSummary(deps.db, body.order.id);
    if (order?.status === 'pending_payment') {
      const retried = checkoutResponse(await authorizeOrder(deps, order, input.paymentMethod, { confirmLater: false }));
      if (retried.status !== 503) await replaceStoredResponse(deps.db, { scope, key }, retried);
      countCheckoutOutcome(input.region, { ...retried, replayed: false });
      return { ...retried, replayed: false };
    }
    if (order) {
      // Settled meanwhile (by the recovery job): answer with what happened.
      const outcome: CheckoutOutcome =
        order.status === 'payment_failed' || order.status === 'cancelled'
          ? { kind: 'declined', order, code: 'payment_not_completed', message: 'Your payment was not completed. You have not been charged.' }
          : { kind: 'authorized', order };
      countCheckoutOutcome(input.region, { ...checkoutResponse(outcome), replayed: true });
      return { ...checkoutResponse(outcome), replayed: true };
    }
  }
  const answer = { status: result.status, body, replayed: result.replayed };
  countCheckoutOutcome(input.region, answer);
  return answer;
}

/** What a checkout answer was, for dotshop_checkout_outcomes_total (a short, fixed set of labels). */
export function checkoutOutcomeLabel(answer: { status: number; body: CheckoutResponseBody; replayed: boolean }): string {
  if (answer.replayed) return 'replayed';
  if (answer.body.next_action) return 'requires_action';
  if (answer.status === 201) return 'authorized';
  if (answer.status === 402) return 'declined';
  if (answer.status === 503) return 'payment_unavailable';
  if (answer.body.error?.code === 'out_of_stock') return 'out_of_stock';
  return 'rejected';
}

function countCheckoutOutcome(region: RegionCode, answer: { status: number; body: CheckoutResponseBody; replayed: boolean }) {
  checkoutOutcomes.inc({ region, outcome: checkoutOutcomeLabel(answer) });
}

/** A job id derived from (queue, order): sending the same order's job twice inserts it once. */
function jobIdFor(queue: string, orderId: string): string {
  const h = createHash('sha256').update(`${queue}:${orderId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * What an authorization sets going, for many orders at once: the confirmation email, the Shopify
 * push and the day-6 safety capture (card holds last 7 days: capture by day 6 even if fulfilment
 * has not said so). One insert per queue for the whole batch, in one transaction; every job id is
 * derived from its order, so a batch that runs again (a retry, a crash) inserts nothing twice.
 */
export async function fanOutAuthorizedOrders(
  deps: Pick<CheckoutDeps, 'db' | 'outbox'> & {
    /**
     * Storefront purges (the worker's: CDN + every web process's page cache). Products whose
     * ordered variant now shows a stock badge ("Only 3 left", "Sold out") are purged, so a cached
     * page does not keep offering what this sale took; in-stock products keep their pages.
     */
    purger?: PurgeAdapter;
  },
  orderIds: readonly string[],
  /** Each order's checkout trace (the `traceparent` its order-authorized job carries): its jobs continue it (ADR 023). */
  traceparentOf: (orderId: string) => string | undefined = () => undefined,
): Promise<void> {
  if (!orderIds.length) return;
  const data = (orderId: string) => {
    const traceparent = traceparentOf(orderId);
    return traceparent ? { orderId, traceparent } : { orderId };
  };
  const jobs = (queue: QueueName, extra: (orderId: string) => Partial<JobInsert> = () => ({})) =>
    orderIds.map((orderId) => ({ id: jobIdFor(queue, orderId), data: data(orderId), ...extra(orderId) }));
  await deps.db.transaction(async (tx) => {
    await deps.outbox.sendMany(tx, queues.sendOrderConfirmation, jobs(queues.sendOrderConfirmation));
    await deps.outbox.sendMany(tx, queues.pushOrderToShopify, jobs(queues.pushOrderToShopify));
    await deps.outbox.sendMany(tx, queues.safetyCapture, jobs(queues.safetyCapture, (orderId) => ({ startAfter: SAFETY_CAPTURE_AFTER_SECONDS, singletonKey: `safety-capture:${orderId}` })));
  });
  if (deps.purger) {
    const rows = await deps.db.execute<{ handle: string }>(sql`
      select distinct p.handle from order_lines ol
      join variants v on v.id = ol.variant_id join products p on p.id = v.product_id join inventory i on i.variant_id = v.id
      where ol.order_id in (${sql.join(orderIds.map((id) => sql`${id}::uuid`), sql`, `)}) and i.available - i.reserved <= ${LOW_STOCK_THRESHOLD}`);
    if (rows.length) await deps.purger.purge(rows.map((r) => surrogateKey.product(r.handle)));
  }
}

/**
 * The pending-order sweep, every minute: orders pending for 2+ minutes are re-checked with Stripe
 * (a crash between "order placed" and "authorization recorded"); those older than the payment
 * timeout are given up (cancelled at Stripe and here, stock released). It replaces the
 * abandoned-payment job each checkout used to enqueue. Oldest first; returns how many it looked at.
 */
export async function sweepPendingOrders(deps: Pick<CheckoutDeps, 'db' | 'stripe' | 'outbox' | 'logger' | 'paymentTimeoutSeconds'>, limit = 100): Promise<number> {
  const stale = await deps.db.execute<{ id: string; abandoned: boolean }>(sql`
    select id, created_at < now() - make_interval(secs => ${deps.paymentTimeoutSeconds}) as abandoned
    from orders where status = 'pending_payment' and created_at < now() - interval '2 minutes'
    order by created_at limit ${limit}`);
  for (const { id, abandoned } of stale) {
    try {
      await recoverPendingOrder(deps, id, { abandonIncomplete: abandoned });
    } catch (err) {
      // One order's Stripe trouble must not hold back the others; the next sweep tries it again.
      deps.logger?.warn({ err: (err as Error).message, orderId: id }, 'pending-order sweep: order not settled; next sweep retries');
    }
  }
  return stale.length;
}
