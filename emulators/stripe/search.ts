// Stripe search: pages of results, and a subset of its Search Query Language
// (https://docs.stripe.com/search#search-query-language):
//   clause  := ['-'] field op value
//   field   := name | metadata['key'] | metadata["key"]
//   op      := ':' (exact) | '~' (substring, ≥ 3 chars) | '>' | '<' | '>=' | '<='
//   value   := 'quoted' | "quoted" | number | null
//   query   := clause (' AND ' clause)* | clause (' OR ' clause)*   (AND and OR cannot be mixed)
import { invalidParam } from './errors';
import { type ParamObject } from './form';
import { optInt, optString, optStringArray } from './params';

type Op = ':' | '~' | '>' | '<' | '>=' | '<=';
interface Clause {
  negate: boolean;
  field: string;
  metadataKey?: string;
  op: Op;
  value: string | number | null;
}

export type FieldKind = 'string' | 'number' | 'boolean';

function fail(message: string): never {
  throw invalidParam(message, 'query');
}

function parseClauses(query: string): { clauses: Clause[]; joiner: 'AND' | 'OR' } {
  let i = 0;
  const s = query;
  const clauses: Clause[] = [];
  let joiner: 'AND' | 'OR' | undefined;
  const skipWs = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const readQuoted = (): string => {
    const q = s[i];
    i++;
    let out = '';
    while (i < s.length && s[i] !== q) {
      if (s[i] === '\\' && i + 1 < s.length) i++;
      out += s[i++];
    }
    if (s[i] !== q) fail(`Unterminated string in query: ${query}`);
    i++;
    return out;
  };
  for (;;) {
    skipWs();
    if (i >= s.length) break;
    if (clauses.length > 0) {
      const m = /^(AND|OR)\s+/.exec(s.slice(i));
      if (!m) fail(`Expected AND or OR at position ${i} of query: ${query}`);
      const j = m[1] as 'AND' | 'OR';
      if (joiner && joiner !== j) fail('Queries cannot mix AND and OR.');
      joiner = j;
      i += m[0].length;
    }
    let negate = false;
    if (s[i] === '-') {
      negate = true;
      i++;
    }
    const fm = /^[a-zA-Z_][a-zA-Z0-9_.]*/.exec(s.slice(i));
    if (!fm) fail(`Expected a field name at position ${i} of query: ${query}`);
    const field = fm[0];
    i += field.length;
    let metadataKey: string | undefined;
    if (s[i] === '[') {
      i++;
      if (s[i] !== "'" && s[i] !== '"') fail(`Expected a quoted key after ${field}[`);
      metadataKey = readQuoted();
      if (s[i] !== ']') fail(`Expected ] after ${field}['${metadataKey}'`);
      i++;
    }
    const om = /^(>=|<=|:|~|>|<)/.exec(s.slice(i));
    if (!om) fail(`Expected an operator (:, ~, >, <, >=, <=) after ${field}`);
    const op = om[1] as Op;
    i += op.length;
    let value: string | number | null;
    if (s[i] === "'" || s[i] === '"') value = readQuoted();
    else {
      const vm = /^[^\s]+/.exec(s.slice(i));
      if (!vm) fail(`Expected a value after ${field}${op}`);
      i += vm[0].length;
      if (vm[0] === 'null') value = null;
      else if (/^-?\d+(\.\d+)?$/.test(vm[0])) value = Number(vm[0]);
      else fail(`String values must be quoted: ${vm[0]}`);
    }
    clauses.push({ negate, field, metadataKey, op, value });
  }
  if (clauses.length === 0) fail('The query must contain at least one clause.');
  if (clauses.length > 10) fail('Queries can contain at most 10 clauses.');
  return { clauses, joiner: joiner ?? 'AND' };
}

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/**
 * Compile a search query for a resource into a predicate. `fields` lists the searchable fields
 * (dotted paths into the object) and their kind; `metadata` is always searchable.
 */
export function compileSearch(
  query: string,
  resource: string,
  fields: Record<string, FieldKind>,
): (obj: Record<string, unknown>) => boolean {
  const { clauses, joiner } = parseClauses(query);
  const tests = clauses.map((c) => {
    if (c.field === 'metadata') {
      if (c.metadataKey === undefined) fail('metadata must be followed by a key, e.g. metadata[\'order_id\']');
      if (c.op !== ':' && c.op !== '~') fail('metadata only supports the : and ~ operators.');
    } else if (!(c.field in fields)) {
      fail(`Field \`${c.field}\` is an unsupported search field for resource \`${resource}\`. See https://docs.stripe.com/search#query-fields-for-${resource.replace(/_/g, '-')} for a list of supported fields.`);
    }
    const kind: FieldKind = c.field === 'metadata' ? 'string' : fields[c.field];
    if ((c.op === '>' || c.op === '<' || c.op === '>=' || c.op === '<=') && kind !== 'number') {
      fail(`Field \`${c.field}\` does not support the ${c.op} operator.`);
    }
    if (c.op === '~' && (typeof c.value !== 'string' || c.value.length < 3)) fail('The ~ operator needs a string of at least 3 characters.');
    const test = (obj: Record<string, unknown>): boolean => {
      const actual = c.field === 'metadata' ? (obj.metadata as Record<string, string> | undefined)?.[c.metadataKey as string] : getPath(obj, c.field);
      if (c.value === null) return actual === null || actual === undefined;
      if (actual === null || actual === undefined) return false;
      switch (c.op) {
        case ':':
          if (kind === 'number') return Number(actual) === Number(c.value);
          if (kind === 'boolean') return String(actual) === String(c.value);
          return c.field === 'metadata' ? String(actual) === String(c.value) : String(actual).toLowerCase() === String(c.value).toLowerCase();
        case '~':
          return String(actual).toLowerCase().includes(String(c.value).toLowerCase());
        case '>':
          return Number(actual) > Number(c.value);
        case '<':
          return Number(actual) < Number(c.value);
        case '>=':
          return Number(actual) >= Number(c.value);
        case '<=':
          return Number(actual) <= Number(c.value);
      }
    };
    return c.negate ? (obj: Record<string, unknown>) => !test(obj) : test;
  });
  return joiner === 'AND' ? (obj) => tests.every((t) => t(obj)) : (obj) => tests.some((t) => t(obj));
}

export interface SearchEnvelope<T> {
  object: 'search_result';
  data: T[];
  has_more: boolean;
  next_page: string | null;
  url: string;
  total_count?: number;
}

/** One page of search results: `limit` (1–100, default 10) and an opaque `page` token (an offset). */
export function searchPage<T>(items: T[], params: ParamObject, url: string): SearchEnvelope<T> {
  const limit = optInt(params, 'limit') ?? 10;
  if (limit < 1 || limit > 100) throw invalidParam('Invalid limit: must be between 1 and 100', 'limit', 'parameter_invalid_integer');
  const page = optString(params, 'page');
  let offset = 0;
  if (page) {
    const m = /^page_(\d+)$/.exec(Buffer.from(page, 'base64url').toString());
    if (!m) throw invalidParam(`Invalid page: ${page}`, 'page');
    offset = Number(m[1]);
  }
  const data = items.slice(offset, offset + limit);
  const hasMore = items.length > offset + limit;
  const expand = optStringArray(params, 'expand') ?? [];
  return {
    object: 'search_result',
    data,
    has_more: hasMore,
    next_page: hasMore ? Buffer.from(`page_${offset + limit}`).toString('base64url') : null,
    url,
    ...(expand.includes('total_count') ? { total_count: items.length } : {}),
  };
}
