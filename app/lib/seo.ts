// What search engines and link previews read, built from the same loader data the page renders:
// schema.org JSON-LD (Product/Offer, BreadcrumbList, Organization, WebSite + SearchAction), the
// canonical URL, hreflang alternates and Open Graph tags. Pure: meta functions and components
// call it; `seo.test.ts` holds it to schema.org's required and recommended fields.
import type { MetaDescriptor } from '@remix-run/node';
import type { ProductDetail, StockState } from '~/services/catalog.server';
import { hreflangAlternates, MARKET_HREFLANG, marketPath } from './market-path';
import { toMoneyV2 } from './money';
import type { ShopData } from './shop-data';

export const SHOP_NAME = 'DotShop';
export const SHOP_DESCRIPTION = 'Considered clothing, skin care and everyday fine jewelry. Fewer, better things.';
/** Open Graph preview images are 1200×630 PNGs rendered on the server (ADR 022). */
export const OG_IMAGE_WIDTH = 1200;
export const OG_IMAGE_HEIGHT = 630;

type JsonLd = Record<string, unknown>;

/** An absolute URL on this shop (images may already be absolute: Shopify's CDN). */
export function absoluteUrl(origin: string, pathOrUrl: string): string {
  return /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${origin}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
}

/** The Open Graph image of a product: its art rasterised to 1200×630 (a PNG route, long-cached and purged with the product). */
export function productOgImagePath(handle: string): string {
  return `/og/products/${encodeURIComponent(handle)}.png`;
}

/** The Open Graph image of a category: its lead product's art, whatever filters the page has. */
export function categoryOgImagePath(handle: string): string {
  return `/og/collections/${encodeURIComponent(handle)}.png`;
}

export function availabilityUrl(stock: StockState): string {
  if (stock.kind === 'sold_out') return 'https://schema.org/OutOfStock';
  if (stock.kind === 'low_stock') return 'https://schema.org/LimitedAvailability';
  return 'https://schema.org/InStock';
}

export function organizationJsonLd(origin: string): JsonLd {
  return { '@context': 'https://schema.org', '@type': 'Organization', '@id': `${origin}/#organization`, name: SHOP_NAME, url: `${origin}/`, logo: `${origin}/favicon.ico` };
}

export function websiteJsonLd(origin: string, market: string): JsonLd {
  const home = `${origin}${marketPath(market, '/')}`;
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    '@id': `${home.replace(/\/$/, '')}/#website`,
    name: SHOP_NAME,
    url: home,
    inLanguage: MARKET_HREFLANG[market as keyof typeof MARKET_HREFLANG] ?? 'en',
    publisher: { '@id': `${origin}/#organization` },
    potentialAction: {
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: `${origin}${marketPath(market, '/search')}?q={search_term_string}` },
      'query-input': 'required name=search_term_string',
    },
  };
}

export function breadcrumbJsonLd(items: { name: string; url: string }[]): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: items.map((item, i) => ({ '@type': 'ListItem', position: i + 1, name: item.name, item: item.url })),
  };
}

/** Product with one Offer per variant (price, currency, availability, SKU, URL), in the page's market. */
export function productJsonLd(product: ProductDetail, opts: { origin: string; market: string }): JsonLd {
  const { origin, market } = opts;
  const url = `${origin}${marketPath(market, `/products/${product.handle}`)}`;
  const v = product.selectedVariant;
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    '@id': `${url}#product`,
    name: product.title,
    description: product.description || product.title,
    url,
    sku: v.sku,
    image: product.images.length ? product.images.map((img) => absoluteUrl(origin, img.url)) : [absoluteUrl(origin, productOgImagePath(product.handle))],
    brand: { '@type': 'Brand', name: product.vendor || SHOP_NAME },
    category: product.category.title,
    offers: product.variants.map((variant) => ({
      '@type': 'Offer',
      sku: variant.sku,
      name: variant.title,
      url: `${url}?variant=${encodeURIComponent(variant.sku)}`,
      price: toMoneyV2(variant.price, product.currency).amount,
      priceCurrency: product.currency,
      availability: availabilityUrl(variant.stock),
      itemCondition: 'https://schema.org/NewCondition',
      seller: { '@id': `${origin}/#organization` },
    })),
  };
}

/** The JSON-LD as a meta descriptor (Remix renders it as `<script type="application/ld+json">`, `<` escaped). */
export function jsonLdMeta(data: JsonLd): MetaDescriptor {
  return { 'script:ld+json': data };
}

/** Canonical + hreflang alternates (every market and x-default) for a market-free path. */
export function canonicalLinks(origin: string, market: string, path: string): MetaDescriptor[] {
  return [
    { tagName: 'link', rel: 'canonical', href: `${origin}${marketPath(market, path)}` },
    ...hreflangAlternates(origin, path).map((alt) => ({ tagName: 'link', rel: 'alternate', hrefLang: alt.hrefLang, href: alt.href })),
  ];
}

/** The complete Open Graph + Twitter card set for a page. */
export function openGraphMeta(opts: { title: string; description: string; url: string; image: string; type: 'website' | 'product'; market: string }): MetaDescriptor[] {
  return [
    { property: 'og:site_name', content: SHOP_NAME },
    { property: 'og:type', content: opts.type },
    { property: 'og:title', content: opts.title },
    { property: 'og:description', content: opts.description },
    { property: 'og:url', content: opts.url },
    { property: 'og:locale', content: (MARKET_HREFLANG[opts.market as keyof typeof MARKET_HREFLANG] ?? 'en-US').replace('-', '_') },
    { property: 'og:image', content: opts.image },
    { property: 'og:image:type', content: 'image/png' },
    { property: 'og:image:width', content: String(OG_IMAGE_WIDTH) },
    { property: 'og:image:height', content: String(OG_IMAGE_HEIGHT) },
    { name: 'twitter:card', content: 'summary_large_image' },
    { name: 'twitter:title', content: opts.title },
    { name: 'twitter:description', content: opts.description },
    { name: 'twitter:image', content: opts.image },
  ];
}

/** A description trimmed to what search results show. */
export function shortDescription(text: string, max = 160): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** The root loader's data from a meta function's `matches`. */
export function shopFromMatches(matches: readonly { id: string; data?: unknown }[]): ShopData | undefined {
  return matches.find((m) => m.id === 'root')?.data as ShopData | undefined;
}
