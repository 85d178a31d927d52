import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogArtSpecs } from './catalog';
import { ART_KINDS, ART_PALETTES, ART_VARIANTS, artUrl, parseArtPath, renderProductArt, type ArtSpec } from './product-art';
import { productArtHandler } from '../../server/web/product-art-route';

/** A strict little XML well-formedness check: balanced tags, quoted unique attributes, escaped text. */
function assertWellFormedXml(xml: string) {
  const token = /<!--[\s\S]*?-->|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  const entity = /&(?!amp;|lt;|gt;|quot;|#39;|#\d+;)/;
  const stack: string[] = [];
  let at = 0;
  while (at < xml.length) {
    token.lastIndex = at;
    const m = token.exec(xml);
    if (!m) throw new Error(`malformed XML at ${at}: ${xml.slice(at, at + 60)}`);
    at = token.lastIndex;
    const [, close, name, attrs, selfClosing, text] = m;
    if (text !== undefined) {
      if (entity.test(text)) throw new Error(`unescaped & in text: ${text.slice(0, 60)}`);
      continue;
    }
    if (!name) continue; // comment
    const attrNames = [...(attrs ?? '').matchAll(/([\w:.-]+)="([^"]*)"/g)].map((a) => {
      if (entity.test(a[2])) throw new Error(`unescaped & in <${name} ${a[1]}>`);
      if (/NaN|undefined|Infinity/.test(a[2])) throw new Error(`bad value in <${name} ${a[1]}="${a[2]}">`);
      return a[1];
    });
    if (new Set(attrNames).size !== attrNames.length) throw new Error(`duplicate attribute in <${name}${attrs}>`);
    if (close) {
      if (stack.pop() !== name) throw new Error(`mismatched </${name}>`);
    } else if (!selfClosing) stack.push(name);
  }
  if (stack.length) throw new Error(`unclosed <${stack.join('>, <')}>`);
}

const everySpec: ArtSpec[] = Object.entries(ART_KINDS).flatMap(([kind, category]) =>
  Object.keys(ART_PALETTES[category]).flatMap((palette) => ART_VARIANTS.map((variant) => ({ kind, palette, variant }) as ArtSpec)),
);

describe('renderProductArt', () => {
  it('renders well-formed 4:5 SVG for every spec the catalog uses', () => {
    const specs = catalogArtSpecs();
    expect(specs.length).toBeGreaterThan(60);
    for (const spec of specs) {
      const svg = renderProductArt(spec);
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 1500"'), artUrl(spec)).toBe(true);
      assertWellFormedXml(svg);
      // self-contained: no external images, fonts, scripts or links
      expect(svg).not.toMatch(/<(script|image|foreignObject|a)\b|href=|@import|url\((?!#)/);
    }
  });

  it('renders every kind × palette × variant, deterministically and distinctly', () => {
    const seen = new Set<string>();
    for (const spec of everySpec) {
      const svg = renderProductArt(spec);
      assertWellFormedXml(svg);
      expect(renderProductArt({ ...spec })).toBe(svg);
      seen.add(svg);
    }
    expect(seen.size).toBe(everySpec.length);
    expect(Object.keys(ART_KINDS).length).toBeGreaterThanOrEqual(12);
  });

  it('refuses a spec that is not in the tables', () => {
    expect(() => renderProductArt({ kind: 'ring', palette: 'ecru', variant: 1 } as unknown as ArtSpec)).toThrow(RangeError);
    expect(() => renderProductArt({ kind: '<script>', palette: 'gold', variant: 1 } as unknown as ArtSpec)).toThrow(RangeError);
  });
});

describe('artUrl / parseArtPath', () => {
  it('round-trips every spec', () => {
    for (const spec of everySpec) {
      const url = artUrl(spec);
      expect(url).toMatch(/^\/media\/art\/[a-z]+-[a-z]+-[1-3]\.svg$/);
      expect(parseArtPath(url)).toEqual(spec);
      expect(parseArtPath(url.slice('/media/art/'.length))).toEqual(spec);
    }
  });

  it('rejects junk', () => {
    for (const junk of [
      '',
      '../etc/passwd',
      '/media/art/../etc/passwd',
      '..%2Fetc%2Fpasswd',
      '<script>alert(1)</script>.svg',
      'ring-gold-1.svg<script>',
      'unicorn-gold-1.svg',
      'ring-ecru-1.svg', // a fashion palette on a jewelry kind
      'ring-gold-0.svg',
      'ring-gold-4.svg',
      'ring-gold-1.png',
      'ring-gold-1',
      'RING-GOLD-1.svg',
      'ring-gold-1.svg/',
      ' ring-gold-1.svg',
      'constructor-gold-1.svg',
      'tostring-gold-1.svg',
      'ring-constructor-1.svg',
      'x'.repeat(500),
    ]) {
      expect(parseArtPath(junk), junk).toBeNull();
    }
  });
});

describe('productArtHandler', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const app = express();
    app.get('/media/art/:file', productArtHandler);
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves a valid spec as an immutable SVG', async () => {
    const res = await fetch(`${base}/media/art/ring-gold-2.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe(renderProductArt({ kind: 'ring', palette: 'gold', variant: 2 }));
  });

  it('answers 404 for anything that is not a spec', async () => {
    for (const path of ['ring-gold-9.svg', 'unicorn-gold-1.svg', '..%2F..%2Fetc%2Fpasswd', '%3Cscript%3E.svg', 'shirt-gold-1.svg']) {
      const res = await fetch(`${base}/media/art/${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).not.toMatch(/svg/);
      await res.text();
    }
  });
});
