// Minor units (integers, as stored) → the MoneyV2 shape hydrogen-react's <Money> formats.
// String arithmetic, never floats. USD and EUR both have two decimal places.
import type { CurrencyCode } from '@shopify/hydrogen-react/storefront-api-types';

export function toMoneyV2(minor: number, currency: string): { amount: string; currencyCode: CurrencyCode } {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(minor));
  return { amount: `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`, currencyCode: currency as CurrencyCode };
}

/** Major units typed by a shopper ("120", "89.5") → minor units; null when empty or invalid. */
export function majorToMinor(value: number | null | undefined): number | null {
  if (value == null || !Number.isFinite(value) || value < 0) return null;
  return Math.round(value * 100);
}

export function minorToMajorInput(minor: number | null | undefined): string {
  if (minor == null) return '';
  return minor % 100 === 0 ? String(minor / 100) : (minor / 100).toFixed(2);
}
