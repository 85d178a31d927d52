// Typed readers for Stripe form parameters, raising Stripe's own 400 errors.
import { invalidParam, missingParam, unknownParam } from './errors';
import { type Param, type ParamObject } from './form';

/** Reject parameters Stripe would not recognise (it answers 400 `parameter_unknown`). */
export function allowOnly(params: ParamObject, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) throw unknownParam(key);
  }
}

function scalar(params: ParamObject, name: string): string | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalidParam(`Invalid ${name}: must be a string`, name);
  return v;
}

export function optString(params: ParamObject, name: string, maxLength = 5000): string | undefined {
  const v = scalar(params, name);
  if (v !== undefined && v.length > maxLength) throw invalidParam(`Invalid ${name}: must be at most ${maxLength} characters`, name);
  return v;
}

/** A string parameter where an empty string means "unset" (returns null). */
export function optNullableString(params: ParamObject, name: string): string | null | undefined {
  const v = optString(params, name);
  return v === '' ? null : v;
}

export function reqString(params: ParamObject, name: string): string {
  const v = optString(params, name);
  if (v === undefined || v === '') throw missingParam(name);
  return v;
}

export function optInt(params: ParamObject, name: string, opts: { min?: number } = {}): number | undefined {
  const v = scalar(params, name);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw invalidParam(`Invalid integer: ${v}`, name, 'parameter_invalid_integer');
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw invalidParam(`Invalid integer: ${v}`, name, 'parameter_invalid_integer');
  if (opts.min !== undefined && n < opts.min) {
    throw invalidParam(`This value must be greater than or equal to ${opts.min}.`, name, 'parameter_invalid_integer');
  }
  return n;
}

export function reqInt(params: ParamObject, name: string, opts: { min?: number } = {}): number {
  const v = optInt(params, name, opts);
  if (v === undefined) throw missingParam(name);
  return v;
}

export function optBool(params: ParamObject, name: string): boolean | undefined {
  const v = scalar(params, name);
  if (v === undefined) return undefined;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw invalidParam(`Invalid boolean: ${v}`, name, 'parameter_invalid_boolean');
}

export function optEnum<T extends string>(params: ParamObject, name: string, values: readonly T[]): T | undefined {
  const v = scalar(params, name);
  if (v === undefined) return undefined;
  if (!(values as readonly string[]).includes(v)) {
    throw invalidParam(`Invalid ${name}: must be one of ${values.join(', ')}`, name, 'parameter_invalid_string_enum');
  }
  return v as T;
}

export function optStringArray(params: ParamObject, name: string): string[] | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  if (v === '') return [];
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) {
    throw invalidParam(`Invalid array for ${name}`, name, 'parameter_invalid_array');
  }
  return v;
}

export function optObject(params: ParamObject, name: string): ParamObject | undefined {
  const v = params[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidParam(`Invalid object for ${name}`, name, 'parameter_invalid_object');
  return v;
}

export function optCurrency(params: ParamObject, name = 'currency'): string | undefined {
  const v = optString(params, name);
  if (v === undefined) return undefined;
  if (!/^[a-zA-Z]{3}$/.test(v)) throw invalidParam(`Invalid currency: ${v.toLowerCase()}. Stripe currently supports these currencies: usd, eur, gbp, …`, name, 'parameter_invalid_string_enum');
  return v.toLowerCase();
}

/**
 * Apply a `metadata` parameter to existing metadata the way Stripe does: keys are merged, a key
 * posted with an empty value is removed, and `metadata=` (empty) clears everything.
 */
export function applyMetadata(existing: Record<string, string>, param: Param | undefined): Record<string, string> {
  if (param === undefined) return existing;
  if (param === '') return {};
  if (typeof param !== 'object' || Array.isArray(param)) throw invalidParam('Invalid metadata: must be a hash of key/value pairs', 'metadata', 'parameter_invalid_object');
  const out = { ...existing };
  for (const [k, v] of Object.entries(param)) {
    if (typeof v !== 'string') throw invalidParam(`Invalid metadata[${k}]: values must be strings`, `metadata[${k}]`);
    if (k.length > 40) throw invalidParam(`Metadata keys can have up to 40 characters; ${k} has ${k.length} characters.`, `metadata[${k}]`);
    if (v.length > 500) throw invalidParam(`Metadata values can have up to 500 characters, but you passed in a value that is ${v.length} characters.`, `metadata[${k}]`);
    if (v === '') delete out[k];
    else out[k] = v;
  }
  if (Object.keys(out).length > 50) throw invalidParam('You can specify up to 50 keys in metadata.', 'metadata');
  return out;
}

export interface RangeFilter {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/** `created=123` or `created[gte]=…&created[lt]=…`. */
export function optRange(params: ParamObject, name: string): RangeFilter | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  if (typeof v === 'string') {
    const n = optInt(params, name);
    return n === undefined ? undefined : { gte: n, lte: n };
  }
  if (Array.isArray(v)) throw invalidParam(`Invalid ${name}`, name);
  const out: RangeFilter = {};
  for (const key of Object.keys(v)) {
    if (key !== 'gt' && key !== 'gte' && key !== 'lt' && key !== 'lte') throw unknownParam(`${name}[${key}]`);
    out[key] = optInt(v, key);
  }
  return out;
}

export function inRange(value: number, r: RangeFilter | undefined): boolean {
  if (!r) return true;
  if (r.gt !== undefined && !(value > r.gt)) return false;
  if (r.gte !== undefined && !(value >= r.gte)) return false;
  if (r.lt !== undefined && !(value < r.lt)) return false;
  if (r.lte !== undefined && !(value <= r.lte)) return false;
  return true;
}
