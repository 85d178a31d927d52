// The storefront's JSON-LD, canonical, hreflang and Open Graph tags, checked against the
// schema.org vocabulary (and Google's rich-result rules built on it) without any network: the
// field table below is the contract, written from schema.org's type definitions and Google's
// Product, Breadcrumb and Sitelinks-search-box documentation. The route meta functions are
// called with loader-shaped data, so what is checked is what the pages render.
import { describe, expect, it } from 'vitest';
import { meta as homeMeta } from '~/routes/($locale)._index';
import { meta as categoryMeta } from '~/routes/($locale).collections.$handle';
import { meta as productMeta } from '~/routes/($locale).products.$handle';
import type { ProductDetail } from '~/services/catalog.server';
import { availabilityUrl, breadcrumbJsonLd, organizationJsonLd, productJsonLd, websiteJsonLd } from './seo';

type Rule = { required: string[]; recommended: string[]; types?: Record<string, string[]> };

/** schema.org types: the properties a consumer needs (required) and should get (recommended). */
const SCHEMA: Record<string, Rule> = {
  Product: { required: ['name', 'offers'], recommended: ['image', 'description', 'sku', 'brand', 'url'], types: { offers: ['Offer', 'AggregateOffer'], brand: ['Brand', 'Organization'] } },
  Offer: { required: ['price', 'priceCurrency'], recommended: ['availability', 'url', 'sku', 'itemCondition'] },
  BreadcrumbList: { required: ['itemListElement'], recommended: [], types: { itemListElement: ['ListItem'] } },
  ListItem: { required: ['position', 'name', 'item'], recommended: [] },
  Organization: { required: ['name', 'url'], recommended: ['logo'] },
  WebSite: { required: ['name', 'url'], recommended: ['potentialAction'], types: { potentialAction: ['SearchAction'] } },
  SearchAction: { required: ['target', 'query-input'], recommended: [], types: { target: ['EntryPoint'] } },
  EntryPoint: { required: ['urlTemplate'], recommended: [] },
  Brand: { required: ['name'], recommended: [] },
};
const AVAILABILITY = ['InStock', 'OutOfStock', 'LimitedAvailability', 'PreOrder', 'BackOrder', 'Discontinued', 'SoldOut', 'InStoreOnly', 'OnlineOnly'].map((v) => `https://schema.org/${v}`);

/** Every problem with a JSON-LD node (and its nested typed nodes), as readable strings. */
function validate(node: Record<string, unknown>, path = 'root'): string[] {
  const type = node['@type'] as string;
  const rule = SCHEMA[type];
  if (!rule) return [`${path}: unknown @type ${type}`];
  const problems: string[] = [];
  for (const field of [...rule.required, ...rule.recommended]) {
    const value = node[field];
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) problems.push(`${path}.${field} (${type}) is missing`);
  }
  for (const [field, value] of Object.entries(node)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item && typeof item === 'object' && '@type' in item) {
        const allowed = rule.types?.[field];
        if (allowed && !allowed.includes((item as { '@type': string })['@type'])) problems.push(`${path}.${field} must be ${allowed.join('|')}`);
        problems.push(...validate(item as Record<string, unknown>, `${path}.${field}`));
      }
    }
  }
  if (type === 'Offer') {
    if (!/^\d+(\.\d{1,2})?$/.test(String(node.price))) problems.push(`${path}.price must be a plain decimal, got ${String(node.price)}`);
    if (!/^[A-Z]{3}$/.test(String(node.priceCurrency))) problems.push(`${path}.priceCurrency must be ISO 4217`);
    if (!AVAILABILITY.includes(String(node.availability))) problems.push(`${path}.availability must be a schema.org ItemAvailability URL`);
  }
  if (type === 'ListItem' && !/^https?:\/\//.test(String(node.item))) problems.push(`${path}.item must be an absolute URL`);
  if (type === 'SearchAction') {
    const template = (node.target as { urlTemplate?: string })?.urlTemplate ?? '';
    const name = /required name=(\w+)/.exec(String(node['query-input']))?.[1];
    if (!name || !template.includes(`{${name}}`)) problems.push(`${path}: the target's urlTemplate must contain the query-input's {${name}}`);
  }
  for (const field of ['url', 'item']) if (typeof node[field] === 'string' && !/^https?:\/\//.test(node[field] as string)) problems.push(`${path}.${field} must be absolute`);
  return problems;
}

const origin = 'https://shop.example';
const product: ProductDetail & { market: string } = {
  handle: 'linen-camp-shirt',
  title: 'Linen Camp Shirt',
  description: 'Mid-weight Irish linen.',
  vendor: 'DotShop',
  productType: 'Shirt',
  category: { handle: 'fashion', title: 'Fashion' },
  currency: 'EUR',
  images: [{ url: '/media/art/shirt-ecru-1.svg', alt: '', width: 1200, height: 1500 }],
  variants: [
    { sku: 'SHIRT-S', title: 'S', options: { Size: 'S' }, price: 13500, compareAtPrice: null, sellable: 9, stock: { kind: 'in_stock' } },
    { sku: 'SHIRT-M', title: 'M', options: { Size: 'M' }, price: 13550, compareAtPrice: null, sellable: 0, stock: { kind: 'sold_out' } },
  ],
  optionNames: ['Size'],
  selectedVariant: { sku: 'SHIRT-M', title: 'M', options: { Size: 'M' }, price: 13550, compareAtPrice: null, sellable: 0, stock: { kind: 'sold_out' } },
  picker: [],
  related: [],
  market: 'eu',
};
const card = { handle: 'dome-ring', title: 'Dome Ring', vendor: 'DotShop', categoryHandle: 'jewelry', currency: 'USD', price: 9000, compareAtPrice: null, priceVaries: false, stock: { kind: 'in_stock' as const }, image: null, hoverImage: null };
const matches = [{ id: 'root', pathname: '/', params: {}, data: { origin }, handle: undefined, meta: [] }];

type Descriptor = Record<string, unknown>;
const callMeta = (fn: unknown, data: unknown) => (fn as (args: object) => Descriptor[])({ data, matches, error: undefined, params: {}, location: { pathname: '/' } });
const jsonLdOf = (descriptors: Descriptor[]) => descriptors.filter((d) => 'script:ld+json' in d).map((d) => d['script:ld+json'] as Record<string, unknown>);
const linkOf = (descriptors: Descriptor[], rel: string) => descriptors.filter((d) => d.tagName === 'link' && d.rel === rel);
const propertyOf = (descriptors: Descriptor[], key: string) => descriptors.find((d) => d.property === key || d.name === key)?.content;

describe('JSON-LD against the schema.org field table', () => {
  it('the validator itself rejects a Product without offers and an Offer without a currency', () => {
    expect(validate({ '@type': 'Product', name: 'x' })).toContain('root.offers (Product) is missing');
    expect(validate({ '@type': 'Offer', price: '1.00', availability: AVAILABILITY[0], url: 'https://x', sku: 's', itemCondition: 'n' }).join()).toContain('priceCurrency');
  });

  it('product page: Product with one Offer per variant (price, currency, availability, SKU) and a BreadcrumbList', () => {
    const descriptors = callMeta(productMeta, product);
    const [productLd, breadcrumbs] = jsonLdOf(descriptors);
    expect(validate(productLd)).toEqual([]);
    expect(productLd).toMatchObject({ '@context': 'https://schema.org', name: 'Linen Camp Shirt', sku: 'SHIRT-M', url: `${origin}/eu/products/linen-camp-shirt`, image: [`${origin}/media/art/shirt-ecru-1.svg`] });
    expect((productLd.offers as Descriptor[]).map((o) => [o.sku, o.price, o.priceCurrency, o.availability])).toEqual([
      ['SHIRT-S', '135.00', 'EUR', 'https://schema.org/InStock'],
      ['SHIRT-M', '135.50', 'EUR', 'https://schema.org/OutOfStock'],
    ]);
    expect(validate(breadcrumbs)).toEqual([]);
    expect((breadcrumbs.itemListElement as Descriptor[]).map((i) => [i.position, i.name, i.item])).toEqual([
      [1, 'Home', `${origin}/eu`],
      [2, 'Fashion', `${origin}/eu/collections/fashion`],
      [3, 'Linen Camp Shirt', `${origin}/eu/products/linen-camp-shirt`],
    ]);
  });

  it('category page: BreadcrumbList; home: Organization and WebSite with a SearchAction in its market', () => {
    const listing = { category: { handle: 'jewelry', title: 'Jewelry', tagline: 'Fine', description: 'Recycled gold.' }, products: [card], page: 1, market: 'us' };
    const [crumbs] = jsonLdOf(callMeta(categoryMeta, listing));
    expect(validate(crumbs)).toEqual([]);
    const home = jsonLdOf(callMeta(homeMeta, { categories: [{ ...listing.category, products: [card] }], hero: card, market: 'eu' }));
    expect(home.map((n) => n['@type'])).toEqual(['Organization', 'WebSite']);
    for (const node of home) expect(validate(node)).toEqual([]);
    expect((home[1].potentialAction as { target: { urlTemplate: string } }).target.urlTemplate).toBe(`${origin}/eu/search?q={search_term_string}`);
  });

  it('availability follows stock; builders are usable on their own', () => {
    expect(availabilityUrl({ kind: 'low_stock', remaining: 2 })).toBe('https://schema.org/LimitedAvailability');
    expect(validate(organizationJsonLd(origin))).toEqual([]);
    expect(validate(websiteJsonLd(origin, 'us'))).toEqual([]);
    expect(validate(breadcrumbJsonLd([{ name: 'Home', url: `${origin}/` }]))).toEqual([]);
    expect(validate(productJsonLd({ ...product, images: [] }, { origin, market: 'us' }))).toEqual([]);
  });
});

describe('canonical, hreflang and Open Graph', () => {
  it('a product page (any ?variant=) is canonical to the product URL in its market, with every market and x-default as alternates', () => {
    const d = callMeta(productMeta, product);
    expect(linkOf(d, 'canonical').map((l) => l.href)).toEqual([`${origin}/eu/products/linen-camp-shirt`]);
    expect(linkOf(d, 'alternate').map((l) => [l.hrefLang, l.href])).toEqual([
      ['en-US', `${origin}/products/linen-camp-shirt`],
      ['en-IE', `${origin}/eu/products/linen-camp-shirt`],
      ['x-default', `${origin}/products/linen-camp-shirt`],
    ]);
  });

  it('Open Graph: absolute raster og:image (1200×630 PNG), og:url, description, large Twitter card, product price', () => {
    const d = callMeta(productMeta, product);
    expect(propertyOf(d, 'og:image')).toBe(`${origin}/og/products/linen-camp-shirt.png`);
    expect([propertyOf(d, 'og:image:width'), propertyOf(d, 'og:image:height'), propertyOf(d, 'og:image:type')]).toEqual(['1200', '630', 'image/png']);
    expect(propertyOf(d, 'og:url')).toBe(`${origin}/eu/products/linen-camp-shirt`);
    expect(propertyOf(d, 'og:description')).toBe('Mid-weight Irish linen.');
    expect(propertyOf(d, 'twitter:card')).toBe('summary_large_image');
    expect([propertyOf(d, 'product:price:amount'), propertyOf(d, 'product:price:currency')]).toEqual(['135.50', 'EUR']);
  });

  it('category pages have Open Graph and a canonical that drops filters and sort but keeps the page', () => {
    const d = callMeta(categoryMeta, { category: { handle: 'jewelry', title: 'Jewelry', tagline: '', description: '' }, products: [card], page: 2, market: 'us' });
    expect(linkOf(d, 'canonical').map((l) => l.href)).toEqual([`${origin}/collections/jewelry?page=2`]);
    expect(propertyOf(d, 'og:image')).toBe(`${origin}/og/collections/jewelry.png`);
    expect(propertyOf(d, 'og:url')).toBe(`${origin}/collections/jewelry`);
    expect(propertyOf(d, 'twitter:card')).toBe('summary_large_image');
  });
});
