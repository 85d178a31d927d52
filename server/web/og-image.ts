// Link-preview images (Open Graph / Twitter cards): a 1200×630 PNG per product, drawn from the
// product's own art. Previews need an absolute URL to a raster image, and the art is SVG, so it is
// rasterised here with resvg (a Rust renderer shipped as a prebuilt npm binary: no native build,
// no system libraries; ADR 022). A product whose image is not generated art (a Shopify photo) gets
// a plain brand card: fetching and resizing remote photos is left to Shopify's CDN transforms.
import { Resvg } from '@resvg/resvg-js';
import { ART_HEIGHT, ART_WIDTH, parseArtPath, renderProductArt } from '../../db/seed/product-art';
import type { Db } from '../../db/client';
import { getProductLeadImage } from '../modules/catalog';

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

/** The product's preview PNG, or null when there is no such active product. */
export async function productOgImage(db: Db, handle: string): Promise<Buffer | null> {
  const product = await getProductLeadImage(db, handle);
  if (!product) return null;
  return renderOgPng(product.url);
}
