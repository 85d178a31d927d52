// The shopper's market lives in one cookie (`dotshop_region`) so a CDN can key catalog pages on it;
// every loader that shows a price reads it through `getRegion`. Unknown or tampered values fall
// back to the US market. Also the one check for a same-site redirect target.
import { createCookie, type Cookie } from '@remix-run/node';
import { DEFAULT_REGION, type Region, type RegionCode, REGIONS, resolveRegion } from '../modules/catalog';

export const REGION_COOKIE_NAME = 'dotshop_region';

const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

// Two cookie definitions, chosen by mode, built once: they are pure configuration, not data.
const cookies = new Map<boolean, Cookie>();

/** The region cookie: httpOnly, SameSite=Lax, a year long, Secure everywhere but local mode. */
export function regionCookie(config: { isLocal: boolean }): Cookie {
  let cookie = cookies.get(config.isLocal);
  if (!cookie) {
    cookie = createCookie(REGION_COOKIE_NAME, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      maxAge: ONE_YEAR_SECONDS,
      secure: !config.isLocal,
    });
    cookies.set(config.isLocal, cookie);
  }
  return cookie;
}

/** The region for a request, from its cookie. A missing, malformed or unknown value means `us`. */
export async function getRegion(request: Request, config: { isLocal: boolean }): Promise<Region> {
  const header = request.headers.get('Cookie');
  if (!header || !header.includes(REGION_COOKIE_NAME)) return REGIONS[DEFAULT_REGION];
  try {
    return resolveRegion(await regionCookie(config).parse(header));
  } catch {
    return REGIONS[DEFAULT_REGION];
  }
}

/** The Set-Cookie header value that stores a region. */
export function serializeRegion(code: RegionCode, config: { isLocal: boolean }): Promise<string> {
  return regionCookie(config).serialize(code);
}

/**
 * A redirect target the region form may send the shopper back to: only a same-site relative path
 * ("/collections/fashion?page=2"). Absolute URLs, protocol-relative ("//evil.example"), backslash
 * tricks and control characters all become "/".
 */
export function safeRedirectPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  try {
    const url = new URL(value, 'http://dotshop.invalid');
    if (url.origin !== 'http://dotshop.invalid') return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
