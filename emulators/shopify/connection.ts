// Relay-style connections as Shopify serves them: `edges { cursor node }`, `nodes`, `pageInfo
// { hasNextPage hasPreviousPage startCursor endCursor }`, with `first`/`after` or `last`/`before`.
// Cursors are opaque base64 JSON ({ last_id, last_value }, like Shopify's); a cursor points at a
// position in the sort order, so paging stays correct while objects are added or updated.
import { GraphQLError } from 'graphql';

export const MAX_PAGE_SIZE = 250;

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

type SortValue = string | number;

interface CursorData {
  last_id: string;
  last_value: SortValue;
}

export function encodeCursor(id: string, value: SortValue): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: value } satisfies CursorData)).toString('base64');
}

function decodeCursor(cursor: string, arg: string): CursorData {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as CursorData;
    if (typeof v.last_id === 'string' && (typeof v.last_value === 'string' || typeof v.last_value === 'number')) return v;
  } catch {
    // fall through
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: 'BAD_REQUEST', argument: arg } });
}

function cmp(a: [SortValue, string], b: [SortValue, string]): number {
  if (a[0] < b[0]) return -1;
  if (a[0] > b[0]) return 1;
  // Ids compare numerically (gid numbers of equal length sort like numbers, but be safe).
  const ai = BigInt(a[1].replace(/\D/g, '') || '0');
  const bi = BigInt(b[1].replace(/\D/g, '') || '0');
  return ai < bi ? -1 : ai > bi ? 1 : 0;
}

/**
 * Paginate `items` sorted by (sortValue, id). `reverse` flips the order. Throws Shopify's errors for
 * a missing or oversized page size.
 */
export function paginate<T>(items: T[], args: ConnectionArgs, key: (item: T) => { id: string; value: SortValue }): Connection<T> {
  const { first, last, after, before } = args;
  if ((first === null || first === undefined) && (last === null || last === undefined)) {
    throw new GraphQLError('you must provide one of first or last', { extensions: { code: 'BAD_REQUEST' } });
  }
  if (first !== null && first !== undefined && last !== null && last !== undefined) {
    throw new GraphQLError('providing both first and last is not supported', { extensions: { code: 'BAD_REQUEST' } });
  }
  for (const [name, n] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (n !== null && n !== undefined && (n < 0 || n > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`The ${name} argument must be between 0 and ${MAX_PAGE_SIZE}.`, { extensions: { code: 'BAD_REQUEST', argument: name } });
    }
  }
  const dir = args.reverse ? -1 : 1;
  const keyed = items.map((item) => ({ item, k: key(item) }));
  keyed.sort((a, b) => dir * cmp([a.k.value, a.k.id], [b.k.value, b.k.id]));
  const pos = (c: CursorData) => ({ value: c.last_value, id: c.last_id });
  let start = 0;
  let end = keyed.length;
  if (after) {
    const c = pos(decodeCursor(after, 'after'));
    const i = keyed.findIndex((x) => dir * cmp([x.k.value, x.k.id], [c.value, c.id]) > 0);
    start = i === -1 ? keyed.length : i;
  }
  if (before) {
    const c = pos(decodeCursor(before, 'before'));
    const i = keyed.findIndex((x) => dir * cmp([x.k.value, x.k.id], [c.value, c.id]) >= 0);
    end = i === -1 ? keyed.length : i;
  }
  let window = keyed.slice(start, Math.max(start, end));
  let hasNextPage = end < keyed.length;
  let hasPreviousPage = start > 0;
  if (first !== null && first !== undefined) {
    hasNextPage = window.length > first || hasNextPage;
    window = window.slice(0, first);
  } else if (last !== null && last !== undefined) {
    hasPreviousPage = window.length > last || hasPreviousPage;
    window = window.slice(Math.max(0, window.length - last));
  }
  // Shopify reports hasPreviousPage/hasNextPage only in the direction of travel reliably; these are exact.
  const edges = window.map(({ item, k }) => ({ cursor: encodeCursor(k.id, k.value), node: item }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
