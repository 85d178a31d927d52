import { describe, expect, it } from 'vitest';
import { hreflangAlternates, marketFromLocaleParam, marketPath, switchMarketPath, urlMarket } from './market-path';

describe('markets in the URL (ADR 022)', () => {
  it('the default market (US) has no prefix, the EU is /eu; any other first segment is not a market', () => {
    expect(marketFromLocaleParam(undefined)).toBe('us');
    expect(marketFromLocaleParam('eu')).toBe('eu');
    for (const bad of ['us', 'EU', 'fr', 'cart', '']) expect(marketFromLocaleParam(bad), bad).toBeNull();
  });

  it('builds market URLs for catalog paths, keeping queries', () => {
    expect(marketPath('us', '/products/a?variant=1')).toBe('/products/a?variant=1');
    expect(marketPath('eu', '/products/a?variant=1')).toBe('/eu/products/a?variant=1');
    expect(marketPath('eu', '/')).toBe('/eu');
    expect(marketPath('eu', '/?q=1')).toBe('/eu?q=1');
  });

  it('catalog pages take their market from the URL; bag, checkout and orders do not', () => {
    expect(urlMarket('/')).toBe('us');
    expect(urlMarket('/eu')).toBe('eu');
    expect(urlMarket('/eu/collections/beauty')).toBe('eu');
    expect(urlMarket('/products/x')).toBe('us');
    expect(urlMarket('/search')).toBe('us');
    for (const personal of ['/cart', '/checkout', '/orders/DS-1', '/region', '/admin']) expect(urlMarket(personal), personal).toBeNull();
  });

  it('the region switch moves a catalog page between prefixes and leaves other pages where they are', () => {
    expect(switchMarketPath('/products/x?variant=S', 'eu')).toBe('/eu/products/x?variant=S');
    expect(switchMarketPath('/eu/products/x?variant=S', 'us')).toBe('/products/x?variant=S');
    expect(switchMarketPath('/eu', 'us')).toBe('/');
    expect(switchMarketPath('/', 'eu')).toBe('/eu');
    expect(switchMarketPath('/collections/beauty?sort=name', 'eu')).toBe('/eu/collections/beauty?sort=name');
    expect(switchMarketPath('/cart', 'eu')).toBe('/cart');
    expect(switchMarketPath('/checkout', 'us')).toBe('/checkout');
  });

  it('hreflang: one alternate per market plus x-default (the US URL)', () => {
    expect(hreflangAlternates('https://s', '/products/x')).toEqual([
      { hrefLang: 'en-US', href: 'https://s/products/x' },
      { hrefLang: 'en-IE', href: 'https://s/eu/products/x' },
      { hrefLang: 'x-default', href: 'https://s/products/x' },
    ]);
  });
});
