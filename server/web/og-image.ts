// Link-preview images (Open Graph / Twitter cards): a 1200×630 PNG per product, drawn from the
// product's own art. Previews need an absolute URL to a raster image, and the art is SVG, so it is
// rasterised here with resvg (a Rust renderer shipped as a prebuilt npm binary: no native build,
// no system libraries; ADR 022). A product whose image is not generated art (a Shopify photo) gets
// a plain brand card: fetching and resizing remote photos is left to Shopify's CDN transforms.
import { Resvg } from '@resvg/resvg-js';
import { ART_HEIGHT, ART_WIDTH, parseArtPath, renderProductArt } from '../../db/seed/product-art';
import type { Db } from '../../db/client';
import { getCategoryLeadImage, getProductLeadImage } from '../modules/catalog';
import { surrogateKey, surrogateKeyHeader } from '../platform/cache-headers';

export const OG_WIDTH = 1200;
export const OG_HEIGHT = 630;

/** The preview SVG: the whole art (4:5) scaled to the card's height, centred on the shop's paper colour. */
export function ogImageSvg(artUrl: string | null): string {
  const spec = artUrl ? parseArtPath(artUrl) : null;
  const artWidth = Math.round((OG_HEIGHT * ART_WIDTH) / ART_HEIGHT);
  const art = spec
    ? `<image x="${(OG_WIDTH - artWidth) / 2}" y="0" width="${artWidth}" height="${OG_HEIGHT}" preserveAspectRatio="xMidYMid meet" href="data:image/svg+xml;base64,${Buffer.from(renderProductArt(spec)).toString('base64')}"/>`
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${OG_WIDTH}" height="${OG_HEIGHT}" viewBox="0 0 ${OG_WIDTH} ${OG_HEIGHT}"><rect width="${OG_WIDTH}" height="${OG_HEIGHT}" fill="#f6f3ee"/>${art}</svg>`;
}

// The bytes depend only on the art (a URL that never changes), so rendered PNGs are kept per art
// URL: a cold CDN edge costs one ~100 ms render per product and process, not one per request.
const MAX_CACHED = 200;
const cache = new Map<string, Buffer>();

export function renderOgPng(artUrl: string | null): Buffer {
  const key = artUrl ?? '';
  const hit = cache.get(key);
  if (hit) return hit;
  const png = new Resvg(ogImageSvg(artUrl), { fitTo: { mode: 'width', value: OG_WIDTH }, font: { loadSystemFonts: false } }).render().asPng();
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, png);
  return png;
}

/** CDN keeps a preview for a year (purged with its product or category); browsers for a day. */
export const OG_CACHE_CONTROL = 'public, max-age=86400, s-maxage=31536000, stale-while-revalidate=86400';

/**
 * GET /og/products/<handle>.png and /og/collections/<handle>.png: the preview PNG of an active
 * product, or of a category (drawn from its lead product), with its surrogate key; 404 otherwise.
 */
export async function ogImageEndpoint(db: Db, kind: 'product' | 'category', file: string): Promise<Response> {
  const handle = /^([a-z0-9][a-z0-9-]{0,159})\.png$/.exec(file)?.[1];
  const lead = handle ? await (kind === 'product' ? getProductLeadImage : getCategoryLeadImage)(db, handle) : null;
  if (!handle || !lead) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  const png = renderOgPng(lead.url);
  return new Response(new Uint8Array(png), {
    status: 200,
    headers: {
      'Content-Type': 'image/png',
      'Content-Length': String(png.length),
      'Cache-Control': OG_CACHE_CONTROL,
      'Surrogate-Key': surrogateKeyHeader([kind === 'product' ? surrogateKey.product(handle) : surrogateKey.category(handle)]),
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
