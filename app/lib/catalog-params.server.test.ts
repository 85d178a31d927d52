import { describe, expect, it } from 'vitest';
import { withParams } from './catalog-params';
import { parseCategoryParams, parseProductParams, parseSearchParams } from './catalog-params.server';
import { majorToMinor, toMoneyV2 } from './money';

const p = (s: string) => new URLSearchParams(s);

describe('catalog search params', () => {
  it('falls back to safe defaults for junk', () => {
    expect(parseCategoryParams(p('page=-1&sort=<script>alert(1)</script>&min=abc&max='))).toEqual({
      page: 1,
      sort: 'featured',
      filters: {},
      priceMin: null,
      priceMax: null,
    });
    expect(parseCategoryParams(p('page=2.5')).page).toBe(1);
    expect(parseCategoryParams(p('page=99999999')).page).toBe(1);
    expect(parseCategoryParams(p('page=3&sort=price-desc')).page).toBe(3);
  });

  it('reads option filters and converts prices to minor units', () => {
    const r = parseCategoryParams(p('filter.Size=M&filter.Size=L&filter.Size=M&filter.Metal=Gold+vermeil&filter.=x&min=50&max=120.5'));
    expect(r.filters).toEqual({ Size: ['M', 'L'], Metal: ['Gold vermeil'] });
    expect([r.priceMin, r.priceMax]).toEqual([5000, 12050]);
    expect(parseCategoryParams(p('min=-5')).priceMin).toBeNull();
  });

  it('reads search and product params', () => {
    expect(parseSearchParams(p('q=%20linen%20&page=0'))).toEqual({ q: 'linen', page: 1 });
    expect(parseSearchParams(p(''))).toEqual({ q: '', page: 1 });
    expect(parseProductParams(p('variant=LIN-M')).variant).toBe('LIN-M');
    expect(parseProductParams(p('variant=')).variant).toBeNull();
    expect(parseProductParams(p(`variant=${'x'.repeat(100)}`)).variant).toBeNull();
  });

  it('rewrites params for links', () => {
    expect(withParams('?sort=name&page=3', { page: null })).toBe('?sort=name');
    expect(withParams('', { page: 2 })).toBe('?page=2');
  });
});

describe('money', () => {
  it('formats minor units without floats', () => {
    expect(toMoneyV2(12000, 'USD')).toEqual({ amount: '120.00', currencyCode: 'USD' });
    expect(toMoneyV2(1999, 'EUR').amount).toBe('19.99');
    expect(toMoneyV2(5, 'EUR').amount).toBe('0.05');
    expect(majorToMinor(19.99)).toBe(1999);
    expect(majorToMinor(null)).toBeNull();
  });
});
