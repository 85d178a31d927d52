// Ids, timestamps and money in Shopify's wire formats.
//   - GraphQL ids are `gid://shopify/<Type>/<number>`; REST payloads (webhooks) carry the bare number.
//   - GraphQL DateTime is ISO 8601 at second resolution in UTC (`2026-01-05T09:00:00Z`); REST payloads
//     carry the shop's offset (`2026-01-05T09:00:00+00:00` for a UTC shop).
//   - GraphQL `Money`/`Decimal` and REST prices are decimal strings ("128.00"); the store keeps integer
//     minor units.
import { randomBytes, randomUUID } from 'node:crypto';

export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

/** `gid://shopify/Product/123` → { type: 'Product', id: '123' }; `InventoryLevel/1?inventory_item_id=2` keeps the query. */
export function parseGid(value: string): { type: string; id: string; query: string } | null {
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/([0-9]+)(\?.*)?$/.exec(value);
  return m ? { type: m[1], id: m[2], query: m[3] ?? '' } : null;
}

/** The REST / legacy numeric id of a gid (as a string: Shopify's ids can exceed 2^53 in general). */
export function legacyId(value: string): string {
  return parseGid(value)?.id ?? value;
}

/** REST payloads carry ids as JSON numbers; every id this emulator mints is below 2^53. */
export function restId(value: string): number {
  return Number(legacyId(value));
}

/** FNV-1a 64-bit, for deterministic ids of objects the seed does not name (media, location). */
function fnv1a64(input: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(input)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
}

/** A stable numeric id with `digits` digits led by `lead`, derived from a key. */
export function stableNumber(key: string, lead: number, digits: number): string {
  const span = 10n ** BigInt(digits);
  return String(BigInt(lead) * span + (fnv1a64(key) % span));
}

export const uuid = (): string => randomUUID();
export const randomHex = (bytes: number): string => randomBytes(bytes).toString('hex');

export type TimestampPrecision = 's' | 'ms';

/** Truncate to the store's timestamp precision (Shopify keeps seconds). */
export function truncateTime(ms: number, precision: TimestampPrecision): number {
  return precision === 's' ? Math.floor(ms / 1000) * 1000 : ms;
}

/** GraphQL DateTime: `2026-01-05T09:00:00Z` (with milliseconds only when the store keeps them). */
export function gqlDateTime(ms: number, precision: TimestampPrecision = 's'): string {
  const iso = new Date(ms).toISOString();
  return precision === 's' ? iso.replace(/\.\d{3}Z$/, 'Z') : iso;
}

/** REST timestamp in the shop's time zone (UTC here): `2026-01-05T09:00:00+00:00`. */
export function restDateTime(ms: number, precision: TimestampPrecision = 's'): string {
  return gqlDateTime(ms, precision).replace(/Z$/, '+00:00');
}

/** Integer minor units → Shopify's decimal string ("12800" → "128.00"). */
export function money(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(Math.round(minor));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * GraphQL `Decimal` (MoneyV2.amount) as Shopify renders it: no trailing zeros, at least one decimal
 * place ("128.0", "128.5", "128.99") — unlike the `Money` scalar and REST prices ("128.00").
 */
export function decimal(minor: number): string {
  return money(minor).replace(/0$/, '');
}

/** Decimal input ("128", "128.5", 128.5) → integer minor units; null when it is not a decimal amount. */
export function parseMoney(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value * 100) : null;
  if (typeof value !== 'string') return null;
  const s = value.trim();
  if (!/^-?\d+(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ''] = s.replace('-', '').split('.');
  const minor = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return s.startsWith('-') ? -minor : minor;
}
