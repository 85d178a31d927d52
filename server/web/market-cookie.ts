// The shopper's market preference (`dotshop_region`), written by the region switch and by an add
// to bag. Catalog pages take their market from the URL (ADR 022); this cookie is read only by `/`
// (the first redirect to `/eu`) and by the personal pages (bag, checkout). Unknown or tampered
// values fall back to the US market.
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


