// Totals, shipping and tax — computed on the server only, in integer minor units. Nothing the
// browser posts about money is believed. US: sales tax added at checkout from a per-state rate
// table. EU: prices include VAT; the VAT share is shown, never added.

export type ShippingMethodId = 'standard' | 'express';
export type ShippingMethod = { id: ShippingMethodId; label: string; eta: string; amount: number; freeOver: number | null };

const shippingByCurrency: Record<string, Record<ShippingMethodId, ShippingMethod>> = {
  USD: {
    standard: { id: 'standard', label: 'Standard', eta: '3–5 business days', amount: 800, freeOver: 15000 },
    express: { id: 'express', label: 'Express', eta: '1–2 business days', amount: 2500, freeOver: null },
  },
  EUR: {
    standard: { id: 'standard', label: 'Standard', eta: '3–6 business days', amount: 800, freeOver: 15000 },
    express: { id: 'express', label: 'Express', eta: '1–3 business days', amount: 2500, freeOver: null },
  },
};

export function shippingMethods(currency: string): ShippingMethod[] {
  return Object.values(shippingByCurrency[currency] ?? shippingByCurrency.USD);
}

export function shippingAmount(currency: string, method: ShippingMethodId, subtotal: number): number {
  const m = (shippingByCurrency[currency] ?? shippingByCurrency.USD)[method];
  if (m.freeOver !== null && subtotal >= m.freeOver) return 0;
  return m.amount;
}

/** State sales tax in basis points (state-level rates; local add-ons are out of scope). */
export const usStateTaxBps: Record<string, number> = {
  AL: 400, AK: 0, AZ: 560, AR: 650, CA: 725, CO: 290, CT: 635, DE: 0, DC: 600, FL: 600, GA: 400, HI: 400, ID: 600,
  IL: 625, IN: 700, IA: 600, KS: 650, KY: 600, LA: 445, ME: 550, MD: 600, MA: 625, MI: 600, MN: 688, MS: 700,
  MO: 423, MT: 0, NE: 550, NV: 685, NH: 0, NJ: 663, NM: 488, NY: 400, NC: 475, ND: 500, OH: 575, OK: 450, OR: 0,
  PA: 600, RI: 700, SC: 600, SD: 420, TN: 700, TX: 625, UT: 610, VT: 600, VA: 530, WA: 650, WV: 600, WI: 500, WY: 400,
};

/** Standard VAT rates in basis points for the EU countries we ship to. */
export const euVatBps: Record<string, number> = {
  AT: 2000, BE: 2100, DE: 1900, DK: 2500, ES: 2100, FI: 2550, FR: 2000, IE: 2300, IT: 2200, LU: 1700, NL: 2100, PT: 2300, SE: 2500,
};

export const usStates = Object.keys(usStateTaxBps).sort();
export const euCountries = Object.keys(euVatBps).sort();

export type Totals = {
  currency: string;
  subtotal: number;
  shipping: number;
  tax: number;
  taxIncluded: boolean;
  taxLabel: string;
  total: number;
};

/** Rounds a non-negative rational to the nearest integer, halves up, without floats. */
function divRound(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

export function computeTotals(input: {
  region: 'us' | 'eu';
  currency: string;
  subtotal: number;
  shippingMethod: ShippingMethodId;
  /** US state or EU country code; unknown → no tax estimate yet (US) / DE rate (EU). */
  taxArea?: string;
}): Totals {
  const shipping = shippingAmount(input.currency, input.shippingMethod, input.subtotal);
  if (input.region === 'eu') {
    const country = input.taxArea && euVatBps[input.taxArea] !== undefined ? input.taxArea : 'DE';
    const bps = euVatBps[country];
    const gross = input.subtotal + shipping;
    // The VAT share of a VAT-inclusive price: gross × rate / (1 + rate).
    const tax = divRound(gross * bps, 10000 + bps);
    return { currency: input.currency, subtotal: input.subtotal, shipping, tax, taxIncluded: true, taxLabel: `Incl. VAT ${bps / 100}% (${country})`, total: gross };
  }
  const bps = input.taxArea ? (usStateTaxBps[input.taxArea] ?? 0) : 0;
  const tax = divRound(input.subtotal * bps, 10000);
  return {
    currency: input.currency,
    subtotal: input.subtotal,
    shipping,
    tax,
    taxIncluded: false,
    taxLabel: input.taxArea ? `Sales tax ${bps / 100}% (${input.taxArea})` : 'Sales tax (calculated at checkout)',
    total: input.subtotal + shipping + tax,
  };
}
