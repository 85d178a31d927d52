import { describe, expect, it } from 'vitest';
import { REGIONS, resolveRegion } from '../modules/catalog';
import { getRegion, serializeRegion } from './market-cookie';
import { safeRedirectPath } from './redirects';

const local = { isLocal: true };
const prod = { isLocal: false };

function requestWithCookie(cookie?: string) {
  return new Request('http://shop.test/', { headers: cookie ? { Cookie: cookie } : {} });
}

describe('region cookie', () => {
  it('defaults to the US region (USD, tax at checkout)', async () => {
    const region = await getRegion(requestWithCookie(), local);
    expect(region).toEqual(REGIONS.us);
    expect(region).toMatchObject({ currency: 'USD', taxIncluded: false, taxNote: 'Taxes calculated at checkout' });
  });

  it('round-trips the EU region (EUR, VAT included)', async () => {
    const setCookie = await serializeRegion('eu', local);
    const region = await getRegion(requestWithCookie(setCookie.split(';')[0]), local);
    expect(region).toMatchObject({ code: 'eu', currency: 'EUR', taxIncluded: true, taxNote: 'Incl. VAT' });
  });

  it('is httpOnly, SameSite=Lax, path /, a year long, and Secure outside local mode', async () => {
    const localCookie = await serializeRegion('us', local);
    expect(localCookie).toMatch(/^dotshop_region=/);
    expect(localCookie).toContain('HttpOnly');
    expect(localCookie).toContain('SameSite=Lax');
    expect(localCookie).toContain('Path=/');
    expect(localCookie).toContain('Max-Age=31536000');
    expect(localCookie).not.toContain('Secure');
    expect(await serializeRegion('us', prod)).toContain('Secure');
  });

  it('falls back to US for unknown, malformed or tampered values', async () => {
    const forged = `dotshop_region=${encodeURIComponent(btoa(JSON.stringify('mars')))}`;
    expect((await getRegion(requestWithCookie(forged), local)).code).toBe('us');
    expect((await getRegion(requestWithCookie('dotshop_region=%%%garbage'), local)).code).toBe('us');
    expect((await getRegion(requestWithCookie('dotshop_region=eu'), local)).code).toBe('us');
    expect((await getRegion(requestWithCookie('other=1'), local)).code).toBe('us');
    expect(resolveRegion('__proto__').code).toBe('us');
    expect(resolveRegion('eu').code).toBe('eu');
  });
});

describe('safeRedirectPath', () => {
  it('keeps same-site relative paths with their query', () => {
    expect(safeRedirectPath('/collections/fashion?page=2&filter.Size=M')).toBe('/collections/fashion?page=2&filter.Size=M');
    expect(safeRedirectPath('/products/linen-shirt?variant=LIN-M#details')).toBe('/products/linen-shirt?variant=LIN-M#details');
  });

  it('sends everything else home', () => {
    for (const bad of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', 'collections', '', '/\nSet-Cookie:x', null, 42, '/' + 'a'.repeat(3000)]) {
      expect(safeRedirectPath(bad)).toBe('/');
    }
  });
});
