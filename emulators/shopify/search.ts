// Shopify's search syntax for the `query:` argument of list queries, the part the app needs:
//   terms `field:value`, comparators `:>`, `:>=`, `:<`, `:<=`, quoted values ('…' or "…"), a trailing
//   `*` for prefix match, `field:*` (has a value), implicit AND, `AND`, `OR`, `NOT` / `-term`,
//   parentheses, and bare words (matched against a resource's default text fields).
// Unknown fields are ignored, with a warning, as Shopify does ("Invalid search field for this query").

export type Comparator = ':' | ':>' | ':>=' | ':<' | ':<=';

export type SearchNode =
  | { kind: 'and'; items: SearchNode[] }
  | { kind: 'or'; items: SearchNode[] }
  | { kind: 'not'; item: SearchNode }
  | { kind: 'term'; field: string | null; comparator: Comparator; value: string; quoted: boolean };

export class SearchSyntaxError extends Error {}

type Token = { t: 'word'; v: string; quoted: boolean } | { t: '(' } | { t: ')' };

function tokenize(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      out.push({ t: c });
      i++;
      continue;
    }
    // A word runs to whitespace or a parenthesis, but quoted sections (anywhere in it) keep spaces.
    let v = '';
    let quoted = false;
    while (i < input.length && !/\s/.test(input[i]) && input[i] !== '(' && input[i] !== ')') {
      const ch = input[i];
      if (ch === '\\' && i + 1 < input.length) {
        v += input[i + 1];
        i += 2;
        continue;
      }
      if (ch === '"' || ch === "'") {
        const end = input.indexOf(ch, i + 1);
        if (end === -1) throw new SearchSyntaxError(`unterminated quote in search query: ${input}`);
        v += input.slice(i + 1, end);
        quoted = true;
        i = end + 1;
        continue;
      }
      v += ch;
      i++;
    }
    out.push({ t: 'word', v, quoted });
  }
  return out;
}

function parseTermWord(word: string, quoted: boolean): SearchNode {
  const m = /^([A-Za-z_][A-Za-z0-9_.]*)(:>=|:<=|:>|:<|:)(.*)$/s.exec(word);
  if (!m) return { kind: 'term', field: null, comparator: ':', value: word, quoted };
  return { kind: 'term', field: m[1].toLowerCase(), comparator: m[2] as Comparator, value: m[3], quoted };
}

export function parseSearch(input: string): SearchNode {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];

  function parseOr(): SearchNode {
    const items = [parseAnd()];
    while (peek()?.t === 'word' && (peek() as { v: string }).v === 'OR') {
      pos++;
      items.push(parseAnd());
    }
    return items.length === 1 ? items[0] : { kind: 'or', items };
  }

  function parseAnd(): SearchNode {
    const items: SearchNode[] = [];
    for (;;) {
      const tok = peek();
      if (!tok || tok.t === ')') break;
      if (tok.t === 'word' && !tok.quoted && tok.v === 'OR') break;
      if (tok.t === 'word' && !tok.quoted && tok.v === 'AND') {
        pos++;
        continue;
      }
      items.push(parseUnary());
    }
    if (items.length === 0) throw new SearchSyntaxError('empty search expression');
    return items.length === 1 ? items[0] : { kind: 'and', items };
  }

  function parseUnary(): SearchNode {
    const tok = peek();
    if (!tok) throw new SearchSyntaxError('unexpected end of search query');
    if (tok.t === '(') {
      pos++;
      const inner = parseOr();
      if (peek()?.t !== ')') throw new SearchSyntaxError('missing ) in search query');
      pos++;
      return inner;
    }
    if (tok.t === ')') throw new SearchSyntaxError('unexpected ) in search query');
    pos++;
    if (!tok.quoted && tok.v === 'NOT') return { kind: 'not', item: parseUnary() };
    if (!tok.quoted && tok.v.startsWith('-') && tok.v.length > 1) return { kind: 'not', item: parseTermWord(tok.v.slice(1), tok.quoted) };
    return parseTermWord(tok.v, tok.quoted);
  }

  if (tokens.length === 0) return { kind: 'and', items: [] };
  const node = parseOr();
  if (pos < tokens.length) throw new SearchSyntaxError('unexpected ) in search query');
  return node;
}

/** How a resource exposes one search field: a string, number, date (ms) or list of strings. */
export type FieldValue = string | number | null | undefined | string[];
export interface SearchFields<T> {
  fields: Record<string, (item: T) => FieldValue>;
  /** Fields treated as timestamps (values parsed as dates). */
  dateFields?: string[];
  /** Text used for bare words. */
  defaultText: (item: T) => string[];
  /** Fields that match when another field does not (`tag_not` → `tag`). */
  negated?: Record<string, string>;
}

export interface SearchWarning {
  field: string;
  message: string;
}

function unknownFields<T>(node: SearchNode, spec: SearchFields<T>, out: SearchWarning[]): void {
  if (node.kind === 'term') {
    if (node.field && !(node.field in spec.fields) && !(node.field in (spec.negated ?? {})) && !out.some((w) => w.field === node.field)) {
      out.push({ field: node.field, message: 'Invalid search field for this query.' });
    }
  } else if (node.kind === 'not') unknownFields(node.item, spec, out);
  else for (const i of node.items) unknownFields(i, spec, out);
}

function parseDate(value: string): number | null {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function compareValues(actual: number | string, comparator: Comparator, wanted: number | string): boolean {
  switch (comparator) {
    case ':>':
      return actual > wanted;
    case ':>=':
      return actual >= wanted;
    case ':<':
      return actual < wanted;
    case ':<=':
      return actual <= wanted;
    default:
      return actual === wanted;
  }
}

function matchTerm<T>(item: T, term: Extract<SearchNode, { kind: 'term' }>, spec: SearchFields<T>): boolean {
  if (term.field === null) {
    const needle = term.value.toLowerCase().replace(/\*$/, '');
    return spec.defaultText(item).some((s) => s.toLowerCase().includes(needle));
  }
  const negatedOf = spec.negated?.[term.field];
  if (negatedOf) return !matchTerm(item, { ...term, field: negatedOf }, spec);
  const get = spec.fields[term.field];
  if (!get) return true; // unknown field: ignored (reported as a warning)
  const raw = get(item);
  if (term.value === '*' && !term.quoted) return raw !== null && raw !== undefined && raw !== '' && !(Array.isArray(raw) && raw.length === 0);
  if (raw === null || raw === undefined) return false;
  if (spec.dateFields?.includes(term.field)) {
    const wanted = parseDate(term.value);
    if (wanted === null || typeof raw !== 'number') return false;
    return compareValues(raw, term.comparator, wanted);
  }
  if (typeof raw === 'number') {
    // Numeric fields (ids) also accept a gid: id:gid://shopify/Product/123.
    const wanted = Number(term.value.replace(/^gid:\/\/shopify\/[A-Za-z]+\//, ''));
    if (Number.isNaN(wanted)) return false;
    return compareValues(raw, term.comparator, wanted);
  }
  const values = Array.isArray(raw) ? raw : [raw];
  const alternatives = term.value.split(',').map((v) => v.trim().toLowerCase());
  return values.some((v) => {
    const lv = v.toLowerCase();
    return alternatives.some((alt) => {
      if (term.comparator !== ':') return compareValues(lv, term.comparator, alt);
      if (alt.endsWith('*') && !term.quoted) return lv.startsWith(alt.slice(0, -1));
      return lv === alt;
    });
  });
}

function matches<T>(item: T, node: SearchNode, spec: SearchFields<T>): boolean {
  switch (node.kind) {
    case 'and':
      return node.items.every((n) => matches(item, n, spec));
    case 'or':
      return node.items.some((n) => matches(item, n, spec));
    case 'not':
      return !matches(item, node.item, spec);
    default:
      return matchTerm(item, node, spec);
  }
}

/** Filter items by a search string; returns the survivors and any warnings (unknown fields). */
export function applySearch<T>(items: T[], query: string | null | undefined, spec: SearchFields<T>): { items: T[]; warnings: SearchWarning[] } {
  if (!query || !query.trim()) return { items, warnings: [] };
  const node = parseSearch(query);
  const warnings: SearchWarning[] = [];
  unknownFields(node, spec, warnings);
  return { items: items.filter((i) => matches(i, node, spec)), warnings };
}
