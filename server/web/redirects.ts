// The one check every redirect target in the app goes through (issue 11 §2.2): only a same-site
// path, judged after the URL is resolved, since `..` segments can turn `/x/..//evil.example`
// into the protocol-relative `//evil.example` that a browser sends to another host.
const BASE = 'http://dotshop.invalid';

/**
 * `value` when it is a same-site path (with its query and fragment), else `fallback`. Refused:
 * absolute and protocol-relative URLs, backslashes and control characters anywhere, anything over
 * 2 KB, anything that resolves outside the site or to a path starting with `//`, and the `refuse`d
 * paths (e.g. the sign-in page as a place to return to after signing in).
 */
export function safeRedirectPath(value: unknown, fallback = '/', opts: { refuse?: readonly string[] } = {}): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith('/') || value.startsWith('//')) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  // After resolution: `/a/..//host` is `//host`, which a browser reads as another site.
  if (url.pathname.startsWith('//') || url.pathname.startsWith('/\\')) return fallback;
  if (opts.refuse?.includes(url.pathname)) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
