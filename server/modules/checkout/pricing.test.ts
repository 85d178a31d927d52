import { describe, expect, it } from 'vitest';
import { computeTotals } from './pricing';

describe('computeTotals', () => {
  it('adds US state sales tax on the subtotal and free standard shipping over the threshold', () => {
    const t = computeTotals({ region: 'us', currency: 'USD', subtotal: 10000, shippingMethod: 'standard', taxArea: 'CA' });
    expect(t).toMatchObject({ subtotal: 10000, shipping: 800, tax: 725, total: 11525, taxIncluded: false });
    expect(computeTotals({ region: 'us', currency: 'USD', subtotal: 20000, shippingMethod: 'standard', taxArea: 'OR' })).toMatchObject({ shipping: 0, tax: 0, total: 20000 });
  });

  it('shows EU VAT as included, never added', () => {
    const t = computeTotals({ region: 'eu', currency: 'EUR', subtotal: 12000, shippingMethod: 'express', taxArea: 'FR' });
    expect(t.total).toBe(14500);
    expect(t.taxIncluded).toBe(true);
    expect(t.tax).toBe(2417); // 14500 × 20/120 = 2416.67 → 2417
  });

  it('uses integers only', () => {
    const t = computeTotals({ region: 'us', currency: 'USD', subtotal: 1999, shippingMethod: 'standard', taxArea: 'NJ' });
    for (const v of [t.subtotal, t.shipping, t.tax, t.total]) expect(Number.isInteger(v)).toBe(true);
  });
});
