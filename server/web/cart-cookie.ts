// The bag's cookie: the cart id, signed with SESSION_SECRET, httpOnly, a month long.
import { createCookie, type Cookie } from '@remix-run/node';

const cookies = new Map<string, Cookie>();

export function cartCookie(config: { isLocal: boolean; SESSION_SECRET: string }): Cookie {
  const k = `${config.isLocal}:${config.SESSION_SECRET}`;
  let c = cookies.get(k);
  if (!c) {
    c = createCookie('dotshop_cart', { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 60 * 60 * 24 * 30, secure: !config.isLocal, secrets: [config.SESSION_SECRET] });
    cookies.set(k, c);
  }
  return c;
}

export async function readCartId(request: Request, config: { isLocal: boolean; SESSION_SECRET: string }): Promise<string | null> {
  const header = request.headers.get('Cookie');
  if (!header?.includes('dotshop_cart')) return null;
  const v = await cartCookie(config).parse(header);
  return typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v) ? v : null;
}
