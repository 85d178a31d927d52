// The in-memory Stripe account's state: every collection (by id, in creation order, and grouped for
// the list filters Stripe offers), the Event log with its webhook hook, and the lookups shared by
// the resource modules beside this file, which hold the lifecycles and the API routes.
import Stripe from 'stripe';
import { newId, nowSeconds, resourceMissing } from '../errors';
import { type ParamObject } from '../form';
import { Grouped, type ListEnvelope, listPage, Ordered, type PageQuery } from '../lists';
import { allowOnly, optString, reqString } from '../params';
import { compileSearch, type FieldKind, type SearchEnvelope, searchPage } from '../search';
import { type TestCard } from '../../../server/integrations/stripe/test-cards';

export const DEFAULT_API_VERSION: string = Stripe.API_VERSION;

/** Who caused a state change: the API request (id + idempotency key) or nobody (emulator UI/control). */
export interface RequestContext {
  requestId: string | null;
  idempotencyKey: string | null;
  apiVersion: string;
}

export interface EventRecord {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface PaymentIntentRecord {
  obj: Stripe.PaymentIntent;
  seq: number;
  createdMs: number;
  returnUrl: string | null;
  /** Current 3DS attempt token (in next_action's url); null when no challenge is pending. */
  threeDsAttempt: string | null;
  apiVersion: string;
}

export interface PaymentMethodRecord {
  obj: Stripe.PaymentMethod;
  card: TestCard;
  seq: number;
}

export interface Keyed<T> {
  obj: T;
  seq: number;
  createdMs: number;
}

export interface StoreOptions {
  /** Base URL the shopper's browser uses to reach the emulator (for the 3DS page). */
  publicUrl: () => string;
  /** Search results exclude objects created less than this many ms ago (Stripe's search lag). */
  searchLagMs?: number;
  /** Called for every recorded Event; returns how many webhook endpoints will receive it. */
  onEvent?: (event: EventRecord) => number;
  /**
   * 0 (default): refunds are `succeeded` at once. > 0: refunds start `pending` and succeed after this
   * many ms. Infinity: they stay `pending` until `settleRefund`.
   */
  refundSettleDelayMs?: number;
  /** Stripe's dispute fee, withdrawn with the disputed amount (minor units of the charge's currency). Default 1500. */
  disputeFee?: number;
}

/** One `/v1/…` endpoint; each resource module lists its own. */
export interface ApiRoute {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  handler: (args: { store: StripeStore; params: ParamObject; match: RegExpExecArray; ctx: RequestContext }) => unknown;
}

/** The parameters every list endpoint accepts. */
export const LIST_PARAMS = ['limit', 'starting_after', 'ending_before', 'created', 'expand'];

/** An object id in a route pattern. */
export const ID = '([A-Za-z0-9_]+)';

export function clone<T>(v: T): T {
  return structuredClone(v);
}

/** A list over records `{ obj, seq }` of one kind, found by id in `byId` (for cursors). */
export function listOf<R extends { seq: number; obj: { created: number } }>(records: readonly R[], byId: ReadonlyMap<string, R>, url: string, kind: string): PageQuery<R, R['obj']> {
  return { records, obj: (r) => r.obj, created: (r) => r.obj.created, seqOf: (id) => byId.get(id)?.seq, url, kind };
}

/**
 * A list of objects that belong to a charge and its PaymentIntent (refunds, disputes): all of them,
 * or those of a `charge`, a `payment_intent`, or both.
 */
export function listByChargeOrIntent<T extends { created: number; payment_intent: string | Stripe.PaymentIntent | null }>(
  params: ParamObject,
  c: { all: Ordered<Keyed<T>>; byCharge: Grouped<Keyed<T>>; byIntent: Grouped<Keyed<T>>; byId: ReadonlyMap<string, Keyed<T>>; url: string; kind: string },
): ListEnvelope<T> {
  allowOnly(params, [...LIST_PARAMS, 'charge', 'payment_intent']);
  const chargeId = optString(params, 'charge');
  const piId = optString(params, 'payment_intent');
  const records = chargeId !== undefined ? c.byCharge.get(chargeId) : piId !== undefined ? c.byIntent.get(piId) : c.all.items;
  return listPage(params, {
    ...listOf(records, c.byId, c.url, c.kind),
    keep: chargeId !== undefined && piId !== undefined ? (r) => r.obj.payment_intent === piId : undefined,
  });
}

/** `GET /v1/<index>/search`: newest first, without the objects younger than the search lag. */
export function searchRecords<T>(s: StripeStore, params: ParamObject, records: Iterable<{ obj: T; createdMs: number }>, index: string, fields: Record<string, FieldKind>): SearchEnvelope<T> {
  allowOnly(params, ['query', 'limit', 'page', 'expand']);
  const pred = compileSearch(reqString(params, 'query'), index, fields);
  const visibleBefore = Date.now() - (s.opts.searchLagMs ?? 0);
  const items = [...records]
    .filter((r) => r.createdMs <= visibleBefore && pred(r.obj as unknown as Record<string, unknown>))
    .reverse() // Maps iterate in insertion (creation) order; results are newest first.
    .map((r) => r.obj);
  return searchPage(items, params, `/v1/${index}/search`);
}

function checkSettleDelay(ms: number): number {
  if (typeof ms !== 'number' || Number.isNaN(ms) || ms < 0) throw new Error('refundSettleDelayMs must be a non-negative number of ms (Infinity: until settled by hand)');
  return ms;
}

export interface StoreSnapshot {
  seq: number;
  paymentIntents: PaymentIntentRecord[];
  charges: Keyed<Stripe.Charge>[];
  refunds: Keyed<Stripe.Refund>[];
  disputes: Keyed<Stripe.Dispute>[];
  balanceTransactions: Keyed<Stripe.BalanceTransaction>[];
  paymentMethods: PaymentMethodRecord[];
  events: Keyed<EventRecord>[];
}

export class StripeStore {
  private seq = 0;
  // Each collection: a Map by id, its records in creation order (for lists), and groups for the
  // list filters Stripe offers (charges by payment_intent, refunds by charge, …).
  readonly paymentIntents = new Map<string, PaymentIntentRecord>();
  readonly piOrder = new Ordered<PaymentIntentRecord>();
  readonly charges = new Map<string, Keyed<Stripe.Charge>>();
  readonly chargeOrder = new Ordered<Keyed<Stripe.Charge>>();
  readonly chargesByPi = new Grouped<Keyed<Stripe.Charge>>();
  readonly refunds = new Map<string, Keyed<Stripe.Refund>>();
  readonly refundOrder = new Ordered<Keyed<Stripe.Refund>>();
  readonly refundsByCharge = new Grouped<Keyed<Stripe.Refund>>();
  readonly refundsByPi = new Grouped<Keyed<Stripe.Refund>>();
  readonly disputes = new Map<string, Keyed<Stripe.Dispute>>();
  readonly disputeOrder = new Ordered<Keyed<Stripe.Dispute>>();
  readonly disputesByCharge = new Grouped<Keyed<Stripe.Dispute>>();
  readonly disputesByPi = new Grouped<Keyed<Stripe.Dispute>>();
  readonly balanceTransactions = new Map<string, Keyed<Stripe.BalanceTransaction>>();
  readonly txnOrder = new Ordered<Keyed<Stripe.BalanceTransaction>>();
  readonly txnsBySource = new Grouped<Keyed<Stripe.BalanceTransaction>>();
  readonly paymentMethods = new Map<string, PaymentMethodRecord>();
  private readonly events: EventRecord[] = [];
  readonly eventsById = new Map<string, Keyed<EventRecord>>();
  readonly eventOrder = new Ordered<Keyed<EventRecord>>();
  /** Pending refunds waiting to succeed on their own (refundSettleDelayMs). */
  readonly refundTimers = new Map<string, NodeJS.Timeout>();
  private refundSettleDelayMs: number;
  readonly disputeFee: number;

  constructor(readonly opts: StoreOptions) {
    this.refundSettleDelayMs = checkSettleDelay(opts.refundSettleDelayMs ?? 0);
    this.disputeFee = opts.disputeFee ?? 1500;
    if (!Number.isSafeInteger(this.disputeFee) || this.disputeFee < 0) throw new Error('disputeFee must be a non-negative integer (minor currency units)');
  }

  /** The store-wide creation counter (list order and cursors). */
  nextSeq(): number {
    return ++this.seq;
  }

  reset(): void {
    this.dispose();
    for (const c of [this.paymentIntents, this.charges, this.refunds, this.disputes, this.balanceTransactions, this.paymentMethods, this.eventsById]) c.clear();
    for (const c of [this.piOrder, this.chargeOrder, this.chargesByPi, this.refundOrder, this.refundsByCharge, this.refundsByPi]) c.clear();
    for (const c of [this.disputeOrder, this.disputesByCharge, this.disputesByPi, this.txnOrder, this.txnsBySource, this.eventOrder]) c.clear();
    this.events.length = 0;
    this.refundSettleDelayMs = checkSettleDelay(this.opts.refundSettleDelayMs ?? 0);
  }

  /** Everything the account holds, as plain JSON (for a state file that survives a restart). */
  snapshot(): StoreSnapshot {
    const recs = <R>(m: Map<string, R>) => [...m.values()];
    return {
      seq: this.seq,
      paymentIntents: recs(this.paymentIntents),
      charges: recs(this.charges),
      refunds: recs(this.refunds),
      disputes: recs(this.disputes),
      balanceTransactions: recs(this.balanceTransactions),
      paymentMethods: recs(this.paymentMethods),
      events: recs(this.eventsById),
    };
  }

  /** Replaces the account's state with a snapshot (lists, groups and cursors rebuilt in creation order). */
  restore(snap: StoreSnapshot): void {
    this.reset();
    const bySeq = <R extends { seq: number }>(rs: R[]) => [...rs].sort((a, b) => a.seq - b.seq);
    const idOf = (v: unknown) => (typeof v === 'string' ? v : ((v as { id?: string } | null)?.id ?? null));
    for (const r of bySeq(snap.paymentIntents)) {
      this.paymentIntents.set(r.obj.id, r);
      this.piOrder.add(r);
    }
    for (const r of bySeq(snap.charges)) {
      this.charges.set(r.obj.id, r);
      this.chargeOrder.add(r);
      this.chargesByPi.add(idOf(r.obj.payment_intent), r);
    }
    for (const r of bySeq(snap.refunds)) {
      this.refunds.set(r.obj.id, r);
      this.refundOrder.add(r);
      this.refundsByCharge.add(idOf(r.obj.charge), r);
      this.refundsByPi.add(idOf(r.obj.payment_intent), r);
    }
    for (const r of bySeq(snap.disputes)) {
      this.disputes.set(r.obj.id, r);
      this.disputeOrder.add(r);
      this.disputesByCharge.add(idOf(r.obj.charge), r);
      this.disputesByPi.add(idOf(r.obj.payment_intent), r);
    }
    for (const r of bySeq(snap.balanceTransactions)) {
      this.balanceTransactions.set(r.obj.id, r);
      this.txnOrder.add(r);
      this.txnsBySource.add(idOf(r.obj.source), r);
    }
    for (const r of snap.paymentMethods) this.paymentMethods.set(r.obj.id, r);
    for (const r of bySeq(snap.events)) {
      this.events.push(r.obj);
      this.eventsById.set(r.obj.id, r);
      this.eventOrder.add(r);
    }
    this.seq = snap.seq;
  }

  /** Stop timers (pending refunds settling on their own). */
  dispose(): void {
    for (const t of this.refundTimers.values()) clearTimeout(t);
    this.refundTimers.clear();
  }

  /** Applies to refunds created from now on (see StoreOptions.refundSettleDelayMs). */
  setRefundSettleDelay(ms: number): void {
    this.refundSettleDelayMs = checkSettleDelay(ms);
  }

  getRefundSettleDelay(): number {
    return this.refundSettleDelayMs;
  }

  counts() {
    const tally = <T>(items: Iterable<{ obj: T }>, key: (o: T) => string) => {
      const out: Record<string, number> = {};
      for (const { obj } of items) out[key(obj)] = (out[key(obj)] ?? 0) + 1;
      return out;
    };
    const eventsByType: Record<string, number> = {};
    for (const e of this.events) eventsByType[e.type] = (eventsByType[e.type] ?? 0) + 1;
    return {
      payment_intents: this.paymentIntents.size,
      payment_intents_by_status: tally(this.paymentIntents.values(), (pi) => pi.status),
      charges: this.charges.size,
      refunds: this.refunds.size,
      refunds_by_status: tally(this.refunds.values(), (r) => r.status ?? 'unknown'),
      disputes: this.disputes.size,
      disputes_by_status: tally(this.disputes.values(), (d) => d.status),
      balance_transactions: this.balanceTransactions.size,
      payment_methods: this.paymentMethods.size,
      events: this.events.length,
      events_by_type: eventsByType,
    };
  }

  allEvents(): EventRecord[] {
    return this.events;
  }

  getEvent(id: string): EventRecord | undefined {
    return this.eventsById.get(id)?.obj;
  }

  /** Records an Event (a snapshot of `object`) and hands it to the webhooks. */
  emit(type: string, object: object, ctx: RequestContext, previous?: Record<string, unknown>): EventRecord {
    const event: EventRecord = {
      id: newId('evt'),
      object: 'event',
      api_version: ctx.apiVersion,
      created: nowSeconds(),
      data: previous ? { object: clone(object) as Record<string, unknown>, previous_attributes: previous } : { object: clone(object) as Record<string, unknown> },
      livemode: false,
      pending_webhooks: 0,
      request: { id: ctx.requestId, idempotency_key: ctx.idempotencyKey },
      type,
    };
    const rec = { obj: event, seq: this.nextSeq(), createdMs: Date.now() };
    this.events.push(event);
    this.eventsById.set(event.id, rec);
    this.eventOrder.add(rec);
    event.pending_webhooks = this.opts.onEvent?.(event) ?? 0;
    return event;
  }

  /** Events caused by the emulator itself (control API, timers): no request, the PaymentIntent's API version. */
  controlContext(pi: string | Stripe.PaymentIntent | null): RequestContext {
    const id = typeof pi === 'string' ? pi : pi?.id;
    return { requestId: null, idempotencyKey: null, apiVersion: (id && this.paymentIntents.get(id)?.apiVersion) || DEFAULT_API_VERSION };
  }

  pi(id: string): PaymentIntentRecord {
    const rec = this.paymentIntents.get(id);
    if (!rec) throw resourceMissing('payment_intent', id, 'intent');
    return rec;
  }

  charge(id: string, param = 'id'): Keyed<Stripe.Charge> {
    const rec = this.charges.get(id);
    if (!rec) throw resourceMissing('charge', id, param);
    return rec;
  }

  refund(id: string): Keyed<Stripe.Refund> {
    const rec = this.refunds.get(id);
    if (!rec) throw resourceMissing('refund', id, 'refund');
    return rec;
  }

  dispute(id: string): Keyed<Stripe.Dispute> {
    const rec = this.disputes.get(id);
    if (!rec) throw resourceMissing('dispute', id, 'dispute');
    return rec;
  }

  /** The charge's dispute, if any (a charge is disputed at most once). */
  disputeOf(chargeId: string): Stripe.Dispute | undefined {
    const list = this.disputesByCharge.get(chargeId);
    return list[list.length - 1]?.obj;
  }

  /** Any object by id, for `expand[]`. */
  lookup(id: string): object | undefined {
    if (id.startsWith('pi_')) return this.paymentIntents.get(id)?.obj;
    if (id.startsWith('ch_')) return this.charges.get(id)?.obj;
    if (id.startsWith('re_')) return this.refunds.get(id)?.obj;
    if (id.startsWith('pm_')) return this.paymentMethods.get(id)?.obj;
    if (id.startsWith('dp_')) return this.disputes.get(id)?.obj;
    if (id.startsWith('txn_')) return this.balanceTransactions.get(id)?.obj;
    return undefined;
  }
}
