// The one same-origin rule of the admin, shared by the Express guard (every unsafe /admin request,
// before Remix runs) and the sign-in form's own check: the host an Origin (or, without one,
// Referer) header names must be the host the request was sent to, or PUBLIC_URL's.

/** The host named by an Origin or Referer value; null when absent, "null" or malformed. */
export function sourceHost(source: string | null | undefined): string | null {
  if (!source || source === 'null') return null;
  try {
    return new URL(source).host;
  } catch {
    return null;
  }
}

/** True when the source header names the request's own host or PUBLIC_URL's host. */
export function isAllowedSource(source: string | null | undefined, requestHost: string | undefined, publicUrl?: string): boolean {
  const host = sourceHost(source);
  if (!host) return false;
  return host === requestHost || (publicUrl !== undefined && host === new URL(publicUrl).host);
}
