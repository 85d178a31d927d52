// Stripe's v1 wire format for parameters: application/x-www-form-urlencoded with bracketed keys
// (`metadata[order_id]=42`, `payment_method_types[0]=card`, `payment_method_types[]=card`,
// `created[gte]=1700000000`). The SDK sends indexed arrays; curl users send `[]`. Both parse.

export type Param = string | Param[] | ParamObject;
export interface ParamObject {
  [key: string]: Param;
}

export class FormParseError extends Error {}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw new FormParseError(`Invalid percent-encoding in request parameters: ${s}`);
  }
}

function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const parts = [key.slice(0, open)];
  const re = /\[([^\]]*)\]/y;
  let pos = open;
  for (;;) {
    re.lastIndex = pos;
    const m = re.exec(key);
    if (!m) break;
    parts.push(m[1]);
    pos = re.lastIndex;
  }
  // Anything after the last bracket that is not another bracket: treat the key as a plain name.
  return pos === key.length ? parts : [key];
}

// Internal tree: arrays are built as objects keyed by index (or by an append counter for `[]`)
// and turned into real arrays at the end.
interface Node {
  [key: string]: Node | string;
}
const APPEND = Symbol('append');
type AppendNode = Node & { [APPEND]?: number };

function toParam(node: Node | string): Param {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  const isArray = (node as AppendNode)[APPEND] !== undefined || (keys.length > 0 && keys.every((k) => /^\d+$/.test(k)));
  if (isArray) {
    return keys
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => toParam(node[k]));
  }
  const out: ParamObject = {};
  for (const k of keys) out[k] = toParam(node[k]);
  return out;
}

/** Parse a form-encoded body or query string (without the leading `?`). */
export function parseForm(body: string): ParamObject {
  const root: Node = {};
  if (!body) return {};
  for (const pair of body.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    const parts = splitKey(decode(rawKey));
    let node: AppendNode = root;
    for (let i = 0; i < parts.length; i++) {
      let part = parts[i];
      if (FORBIDDEN_KEYS.has(part)) throw new FormParseError(`Invalid parameter name: ${rawKey}`);
      const last = i === parts.length - 1;
      if (part === '' && i > 0) {
        const n = node[APPEND] ?? Object.keys(node).length;
        node[APPEND] = n + 1;
        part = String(n);
      }
      if (last) {
        if (typeof node[part] === 'object') throw new FormParseError(`Invalid parameters: ${parts[0]} given both as a value and as a hash`);
        node[part] = value;
      } else {
        const next = node[part];
        if (typeof next === 'string') throw new FormParseError(`Invalid parameters: ${parts[0]} given both as a value and as a hash`);
        if (next === undefined) node[part] = {};
        node = node[part] as AppendNode;
      }
    }
  }
  return toParam(root) as ParamObject;
}

/** A stable string form of parameters (sorted keys) used to compare idempotent requests. */
export function canonicalParams(p: Param): string {
  if (typeof p === 'string') return JSON.stringify(p);
  if (Array.isArray(p)) return `[${p.map(canonicalParams).join(',')}]`;
  return `{${Object.keys(p)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalParams(p[k])}`)
    .join(',')}}`;
}
