// The origin page cache's rules without HTTP (ADR 027): bounded by bytes with least-recently-used
// eviction, a render that began before a purge of its keys is never stored, only public
// surrogate-keyed 200s without cookies are kept, and the CSP nonce is rewritten per hit.
import { describe, expect, it } from 'vitest';
import { CATALOG_CACHE_CONTROL } from './cache-headers';
import { bodyWithNonce, isStorable, OriginCache, splitOnNonce, type RenderedPage } from './origin-cache';

const NONCE = 'AAAAAAAAAAAAAAAAAAAAAA==';
const page = (keys: string, size = 1000, extra: Record<string, string> = {}): RenderedPage => ({
  status: 200,
  headers: new Headers({ 'Cache-Control': CATALOG_CACHE_CONTROL, 'Surrogate-Key': keys, 'Content-Type': 'text/html', ...extra }),
  body: Buffer.from(`<script nonce="${NONCE}"></script>${'x'.repeat(size)}`),
  nonce: NONCE,
  requestHadCookie: false,
  renderUrl: 'http://shop.test/x',
});

describe('OriginCache', () => {
  it('stays under its byte bound by evicting the least recently used pages', () => {
    const evicted: number[] = [];
    const cache = new OriginCache({ maxBytes: 6_500, freshSeconds: 60, staleSeconds: 60, events: { onEvict: (n) => evicted.push(n) } });
    for (const u of ['/a', '/b', '/c', '/d']) expect(cache.store(u, page(`product:${u.slice(1)}`), cache.renderToken())).toBe(true);
    expect(cache.stats().entries).toBe(4);
    expect(cache.lookup('/a').state).toBe('hit'); // /a is now the most recently used
    cache.store('/e', page('product:e'), cache.renderToken());
    expect(cache.stats().bytes).toBeLessThanOrEqual(6_500);
    expect(cache.lookup('/b').state).toBe('miss'); // the least recently used went first
    expect(cache.lookup('/a').state).toBe('hit');
    expect(cache.lookup('/e').state).toBe('hit');
    expect(evicted.reduce((s, n) => s + n, 0)).toBeGreaterThanOrEqual(1);
    // A page larger than the whole cache is not stored (and evicts nothing).
    expect(cache.store('/huge', page('product:huge', 10_000), cache.renderToken())).toBe(false);
    expect(cache.lookup('/a').state).toBe('hit');
    // Purged pages free their bytes.
    cache.purge(['product:a', 'product:e']);
    expect(cache.lookup('/a').state).toBe('miss');
    expect(cache.stats().entries).toBe(2);
    expect(cache.lookup('/c').state).toBe('hit');
  });

  it('never stores a render that started before a purge of one of its keys (it may hold the old data)', () => {
    const cache = new OriginCache({ maxBytes: 1e6, freshSeconds: 60, staleSeconds: 60 });
    const token = cache.renderToken();
    cache.purge(['product:a']);
    expect(cache.store('/a', page('product:a category:x'), token)).toBe(false);
    expect(cache.store('/b', page('product:b'), token)).toBe(true); // another key's purge does not matter
    expect(cache.store('/a', page('product:a'), cache.renderToken())).toBe(true);
    const t2 = cache.renderToken();
    cache.purgeAll();
    expect(cache.store('/c', page('product:c'), t2)).toBe(false);
  });

  it('keeps only public, surrogate-keyed 200s that set no cookie and vary on nothing personal', () => {
    const h = (extra: Record<string, string>) => new Headers({ 'Cache-Control': CATALOG_CACHE_CONTROL, 'Surrogate-Key': 'product:a', ...extra });
    expect(isStorable(200, h({}), true)).toBe(true);
    expect(isStorable(404, h({}), false)).toBe(false);
    expect(isStorable(302, h({}), false)).toBe(false);
    expect(isStorable(200, new Headers({ 'Cache-Control': 'no-store', 'Surrogate-Key': 'x' }), false)).toBe(false);
    expect(isStorable(200, new Headers({ 'Cache-Control': 'private, max-age=60', 'Surrogate-Key': 'x' }), false)).toBe(false);
    expect(isStorable(200, new Headers({ 'Cache-Control': CATALOG_CACHE_CONTROL }), false)).toBe(false);
    expect(isStorable(200, h({ 'Set-Cookie': 'a=b' }), false)).toBe(false);
    expect(isStorable(200, h({ Vary: 'Cookie' }), true)).toBe(false);
    expect(isStorable(200, h({ Vary: 'Cookie' }), false)).toBe(true);
    expect(isStorable(200, h({ Vary: 'Accept-Encoding' }), true)).toBe(true);
    expect(isStorable(200, h({ Vary: 'User-Agent' }), false)).toBe(false);
  });

  it('writes each hit its own nonce wherever the render had its nonce', () => {
    const body = Buffer.from(`<script nonce="${NONCE}">a</script><link nonce="${NONCE}">`);
    const parts = splitOnNonce(body, NONCE);
    expect(parts).toHaveLength(3);
    expect(bodyWithNonce({ parts }, 'BBBB').toString()).toBe('<script nonce="BBBB">a</script><link nonce="BBBB">');
    expect(bodyWithNonce({ parts: splitOnNonce(Buffer.from('no nonce'), NONCE) }, 'BBBB').toString()).toBe('no nonce');
  });

  it('fresh → stale (served while revalidating) → gone after the stale window', () => {
    let now = 1_000_000;
    const cache = new OriginCache({ maxBytes: 1e6, freshSeconds: 10, staleSeconds: 20, now: () => now });
    cache.store('/a', page('product:a'), cache.renderToken());
    expect(cache.lookup('/a').state).toBe('hit');
    now += 11_000;
    expect(cache.lookup('/a').state).toBe('stale');
    now += 20_000;
    expect(cache.lookup('/a').state).toBe('miss');
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });
});
