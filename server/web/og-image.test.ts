import { describe, expect, it } from 'vitest';
import { OG_HEIGHT, OG_WIDTH, ogImageSvg, renderOgPng } from './og-image';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('link-preview images', () => {
  it('rasterises a product art to a 1200×630 PNG (and a plain card when there is no art)', () => {
    expect([OG_WIDTH, OG_HEIGHT]).toEqual([1200, 630]);
    expect(pngSize(renderOgPng('/media/art/ring-gold-1.svg'))).toEqual({ width: 1200, height: 630 });
    expect(pngSize(renderOgPng(null))).toEqual({ width: 1200, height: 630 });
    expect(ogImageSvg('https://cdn.shopify.com/x.jpg')).not.toContain('<image');
    expect(ogImageSvg('/media/art/ring-gold-1.svg')).toContain('data:image/svg+xml;base64,');
  });

  it('renders each art once per process', () => {
    const first = renderOgPng('/media/art/ring-gold-2.svg');
    expect(renderOgPng('/media/art/ring-gold-2.svg')).toBe(first);
  });
});
