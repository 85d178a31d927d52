// Stripe's list endpoints: newest first, `limit` (1–100, default 10), `starting_after` /
// `ending_before` cursors, `created[gt|gte|lt|lte]`, `has_more`.
// Every collection keeps its records in creation order (an append-only array sorted by `seq`), with
// optional per-key groups (charges by payment_intent, refunds by charge, …). A page is a binary
// search for the cursor plus a walk of the matching records it returns: O(log n + page), so paging
// through 10 000 objects costs about as much as reading them once (no scan from the top per page).
import { invalidParam, resourceMissing } from './errors';
import { type ParamObject } from './form';
import { inRange, optInt, optRange, optString } from './params';

export interface ListEnvelope<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

export interface Sequenced {
  /** Store-wide creation counter: later objects have larger values. */
  seq: number;
}

/** Records in creation order (append-only). */
export class Ordered<R extends Sequenced> {
  readonly items: R[] = [];

  add(r: R): void {
    const last = this.items[this.items.length - 1];
    if (last && last.seq >= r.seq) throw new Error(`Ordered.add: records must be added in creation order (seq ${r.seq} after ${last.seq})`);
    this.items.push(r);
  }

  clear(): void {
    this.items.length = 0;
  }
}

/** Records grouped by a key (e.g. a charge's PaymentIntent), each group in creation order. */
export class Grouped<R extends Sequenced> {
  private readonly groups = new Map<string, Ordered<R>>();

  add(key: string | null | undefined, r: R): void {
    if (!key) return;
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = new Ordered<R>()));
    g.add(r);
  }

  get(key: string): readonly R[] {
    return this.groups.get(key)?.items ?? [];
  }

  clear(): void {
    this.groups.clear();
  }
}

export interface PageQuery<R extends Sequenced, T> {
  /** Candidate records, oldest first (a whole collection or one group of it). */
  records: readonly R[];
  /** The object a record lists as. */
  obj: (r: R) => T;
  /** Its `created` (unix seconds), for `created[…]`. */
  created: (r: R) => number;
  /** Extra filters (customer, type, …). */
  keep?: (r: R) => boolean;
  /** The seq of any object of this kind (a cursor need not match the filters), undefined if unknown. */
  seqOf: (id: string) => number | undefined;
  url: string;
  /** For "No such <kind>: '<cursor>'". */
  kind: string;
}

/** Index of the first record whose seq is ≥ `seq` (records.length when none). */
function lowerBound(records: readonly Sequenced[], seq: number): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (records[mid].seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One page of a list, newest first, as Stripe answers `GET /v1/<objects>`. */
export function listPage<R extends Sequenced, T>(params: ParamObject, q: PageQuery<R, T>): ListEnvelope<T> {
  const limit = optInt(params, 'limit') ?? 10;
  if (limit < 1 || limit > 100) throw invalidParam('Invalid limit: must be between 1 and 100', 'limit', 'parameter_invalid_integer');
  const startingAfter = optString(params, 'starting_after');
  const endingBefore = optString(params, 'ending_before');
  if (startingAfter && endingBefore) throw invalidParam('You may only specify one of these parameters: ending_before, starting_after.', 'ending_before');
  const created = optRange(params, 'created');
  const matches = (r: R) => inRange(q.created(r), created) && (q.keep === undefined || q.keep(r));
  const { records } = q;
  const cursorSeq = (id: string, param: string) => {
    const seq = q.seqOf(id);
    if (seq === undefined) throw resourceMissing(q.kind, id, param, 400);
    return seq;
  };

  const picked: R[] = [];
  if (endingBefore) {
    // The `limit` matching records just newer than the cursor, still listed newest first.
    for (let i = lowerBound(records, cursorSeq(endingBefore, 'ending_before') + 1); i < records.length && picked.length <= limit; i++) {
      if (matches(records[i])) picked.push(records[i]);
    }
    const hasMore = picked.length > limit;
    return { object: 'list', data: picked.slice(0, limit).reverse().map(q.obj), has_more: hasMore, url: q.url };
  }
  const start = startingAfter ? lowerBound(records, cursorSeq(startingAfter, 'starting_after')) - 1 : records.length - 1;
  for (let i = start; i >= 0 && picked.length <= limit; i--) {
    if (matches(records[i])) picked.push(records[i]);
  }
  const hasMore = picked.length > limit;
  return { object: 'list', data: picked.slice(0, limit).map(q.obj), has_more: hasMore, url: q.url };
}
