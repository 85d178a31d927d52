// Expansion (`expand[]=latest_charge`, `expand[]=data.payment_intent`, …): a deep copy of a response
// with the named id paths replaced by the objects they name, at most 4 levels deep.
import { invalidParam } from '../errors';
import { type Param } from '../form';
import { clone, type StripeStore } from './core';

/** Returns a deep copy of `obj` with the `expand` paths replaced by the objects they name. */
export function expand<T>(s: StripeStore, obj: T, expand: Param | undefined): T {
  const out = clone(obj);
  if (expand === undefined || expand === '') return out;
  const paths = typeof expand === 'string' ? [expand] : Array.isArray(expand) ? expand : null;
  if (!paths || !paths.every((p): p is string => typeof p === 'string')) throw invalidParam('Invalid expand: must be an array of strings', 'expand');
  for (const path of paths) {
    if (path === 'total_count') continue;
    const parts = path.split('.');
    if (parts.length > 4) throw invalidParam(`You cannot expand more than 4 levels of a property (${path}).`, 'expand');
    expandPath(s, out, parts, path);
  }
  return out;
}

export function expandPath(s: StripeStore, node: unknown, parts: string[], full: string): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) expandPath(s, item, parts, full);
    return;
  }
  const rec = node as Record<string, unknown>;
  const [head, ...rest] = parts;
  if (!(head in rec)) throw invalidParam(`This property cannot be expanded (${full}).`, 'expand');
  let value = rec[head];
  if (typeof value === 'string') {
    const found = s.lookup(value);
    if (!found) throw invalidParam(`This property cannot be expanded (${full}).`, 'expand');
    value = clone(found);
    rec[head] = value;
  } else if (rest.length === 0 && value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    throw invalidParam(`This property cannot be expanded (${full}).`, 'expand');
  }
  if (rest.length) expandPath(s, value, rest, full);
}
