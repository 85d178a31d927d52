// ISR at the origin (issue 15 §3, ADR 027): rendered catalog pages kept in this web process,
// bounded by bytes (LRU), indexed by their surrogate keys so a sync event's purge drops exactly
// the pages it changed. Fresh entries are served as they are; past their fresh time and within
// the stale window they are served while ONE background re-render replaces them (single-flight).
// A render that started before a purge of one of its keys is never stored (it may hold the old
// data). Framework-free: the Express side is server/web/origin-cache-middleware.ts.
import { laterLsn } from './read-your-writes';

/** A stored page. An HTML body is kept split on its render's CSP nonce so each hit gets a fresh one. */
export type CachedPage = {
  status: number;
  headers: [string, string][];
  /** The body split on the nonce it was rendered with (one part when it has none). */
  parts: Buffer[];
  surrogateKeys: string[];
  /** The page varies on Cookie (`/`): served only to requests that carry no cookie at all. */
  varyCookie: boolean;
  /** The absolute URL it was rendered for (a background re-render asks for the same). */
  renderUrl: string;
  bytes: number;
  storedAt: number;
  freshUntil: number;
  staleUntil: number;
};

export type Lookup = { state: 'hit' | 'stale'; page: CachedPage } | { state: 'miss' };

export type OriginCacheStats = { entries: number; bytes: number; maxBytes: number };

export type OriginCacheEvents = {
  onEvict?: (count: number) => void;
  onPurge?: (keys: number, entries: number) => void;
  onRevalidate?: (outcome: 'stored' | 'dropped' | 'failed') => void;
};

/** A render to put in the cache: what `renderFor` answered, already read in full. */
export type RenderedPage = {
  status: number;
  headers: Headers;
  body: Buffer;
  /** The CSP nonce the HTML was rendered with ('' = none). */
  nonce: string;
  requestHadCookie: boolean;
  renderUrl: string;
};

// Headers that belong to one response, never to a stored page: the hit sets its own.
const PER_RESPONSE_HEADERS = new Set(['set-cookie', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date', 'content-encoding', 'content-security-policy', 'x-request-id', 'age']);

/**
 * Whether a response may be kept and served to other visitors: a 200 that the CDN may cache
 * (`public` with `s-maxage`, the catalog policy in cache-headers.ts), tagged with surrogate keys
 * (so a purge can find it), setting no cookie, and varying on nothing but Accept-Encoding — or on
 * Cookie when the request carried none.
 */
export function isStorable(status: number, headers: Headers, requestHadCookie: boolean): boolean {
  if (status !== 200) return false;
  const cc = (headers.get('cache-control') ?? '').toLowerCase();
  if (!cc.includes('public') || !cc.includes('s-maxage') || cc.includes('no-store') || cc.includes('private') || cc.includes('no-cache')) return false;
  if (headers.has('set-cookie')) return false;
  if (!headers.get('surrogate-key')) return false;
  const vary = (headers.get('vary') ?? '')
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  for (const v of vary) {
    if (v === 'accept-encoding') continue;
    if (v === 'cookie' && !requestHadCookie) continue;
    return false;
  }
  return true;
}

/** Splits a body on every occurrence of its nonce (24 base64 characters: never found by chance). */
export function splitOnNonce(body: Buffer, nonce: string): Buffer[] {
  if (!nonce) return [body];
  const needle = Buffer.from(nonce);
  const parts: Buffer[] = [];
  let from = 0;
  for (;;) {
    const at = body.indexOf(needle, from);
    if (at < 0) break;
    parts.push(body.subarray(from, at));
    from = at + needle.length;
  }
  parts.push(body.subarray(from));
  return parts;
}

/** The body of a stored page for a response whose CSP header carries `nonce`. */
export function bodyWithNonce(page: Pick<CachedPage, 'parts'>, nonce: string): Buffer {
  if (page.parts.length === 1) return page.parts[0];
  const n = Buffer.from(nonce);
  const chunks: Buffer[] = [];
  page.parts.forEach((p, i) => {
    if (i) chunks.push(n);
    chunks.push(p);
  });
  return Buffer.concat(chunks);
}

type Purge = { seq: number; keys: Set<string> };

export class OriginCache {
  private readonly entries = new Map<string, CachedPage>(); // insertion order = least recently used first
  private readonly byKey = new Map<string, Set<string>>();
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly revalidating = new Set<string>();
  private bytes = 0;
  /** Purge sequence: a render remembers it at its start and is stored only if no purge of its keys came since. */
  private seq = 0;
  private readonly recentPurges: Purge[] = [];
  private static readonly RECENT_PURGES = 2000;

  constructor(
    readonly opts: { maxBytes: number; freshSeconds: number; staleSeconds: number; now?: () => number; events?: OriginCacheEvents },
  ) {}

  get enabled(): boolean {
    return this.opts.maxBytes > 0;
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  stats(): OriginCacheStats {
    return { entries: this.entries.size, bytes: this.bytes, maxBytes: this.opts.maxBytes };
  }

  /** Looks a URL up; a hit moves it to the most recently used end. Expired entries are dropped. */
  lookup(url: string): Lookup {
    const page = this.entries.get(url);
    if (!page) return { state: 'miss' };
    const now = this.now();
    if (now >= page.staleUntil) {
      this.remove(url);
      return { state: 'miss' };
    }
    this.entries.delete(url);
    this.entries.set(url, page);
    return { state: now < page.freshUntil ? 'hit' : 'stale', page };
  }

  /** Marks the start of a render whose result may be stored: pass the token to `store`. */
  renderToken(): number {
    return this.seq;
  }

  /**
   * Stores a render unless a purge of one of its surrogate keys arrived after it started (its data
   * may predate that change), it is not storable, or it is larger than the whole cache.
   */
  store(url: string, r: RenderedPage, token: number): boolean {
    if (!this.enabled || !isStorable(r.status, r.headers, r.requestHadCookie)) return false;
    const keys = (r.headers.get('surrogate-key') ?? '').split(/\s+/).filter(Boolean);
    if (this.purgedSince(token, keys)) return false;
    const headers: [string, string][] = [];
    r.headers.forEach((value, name) => {
      if (!PER_RESPONSE_HEADERS.has(name.toLowerCase())) headers.push([name, value]);
    });
    const parts = splitOnNonce(r.body, r.nonce);
    const bytes = r.body.length + url.length * 2 + headers.reduce((n, [k, v]) => n + k.length + v.length, 0) + 256;
    if (bytes > this.opts.maxBytes) return false;
    const now = this.now();
    const varyCookie = (r.headers.get('vary') ?? '').toLowerCase().includes('cookie');
    this.remove(url);
    const page: CachedPage = {
      status: r.status,
      headers,
      parts,
      surrogateKeys: keys,
      varyCookie,
      renderUrl: r.renderUrl,
      bytes,
      storedAt: now,
      freshUntil: now + this.opts.freshSeconds * 1000,
      staleUntil: now + (this.opts.freshSeconds + this.opts.staleSeconds) * 1000,
    };
    this.entries.set(url, page);
    this.bytes += bytes;
    for (const k of keys) {
      let set = this.byKey.get(k);
      if (!set) this.byKey.set(k, (set = new Set()));
      set.add(url);
    }
    this.evict();
    return true;
  }

  private purgedSince(token: number, keys: string[]): boolean {
    if (token >= this.seq) return false;
    const oldest = this.recentPurges[0];
    // More purges since the render started than we remember: we cannot tell, so do not store.
    if (!oldest || oldest.seq > token + 1) return true;
    for (const p of this.recentPurges) if (p.seq > token && keys.some((k) => p.keys.has(k) || p.keys.has('*'))) return true;
    return false;
  }

  private evict() {
    let evicted = 0;
    for (const url of this.entries.keys()) {
      if (this.bytes <= this.opts.maxBytes) break;
      this.remove(url);
      evicted++;
    }
    if (evicted) this.opts.events?.onEvict?.(evicted);
  }

  private remove(url: string) {
    const page = this.entries.get(url);
    if (!page) return;
    this.entries.delete(url);
    this.bytes -= page.bytes;
    for (const k of page.surrogateKeys) {
      const set = this.byKey.get(k);
      set?.delete(url);
      if (set && !set.size) this.byKey.delete(k);
    }
  }

  /**
   * The primary's WAL position at the latest purge (sent with it): a page rendered from a regional
   * replica that has not replayed this far may hold the data the purge was for, so fills read at or
   * after it (region-reads.ts waits for the replica or reads the primary). Null: no purge carried one.
   */
  fillFloorLsn: string | null = null;

  /** Drops every page tagged with one of `keys` and fences off renders already under way. Returns how many pages went. */
  purge(keys: Iterable<string>, lsn?: string | null): number {
    const set = new Set(keys);
    if (!set.size) return 0;
    this.fillFloorLsn = laterLsn(this.fillFloorLsn, lsn);
    this.seq++;
    this.recentPurges.push({ seq: this.seq, keys: set });
    if (this.recentPurges.length > OriginCache.RECENT_PURGES) this.recentPurges.splice(0, this.recentPurges.length - OriginCache.RECENT_PURGES);
    let dropped = 0;
    for (const k of set) {
      for (const url of [...(this.byKey.get(k) ?? [])]) {
        this.remove(url);
        dropped++;
      }
    }
    this.opts.events?.onPurge?.(set.size, dropped);
    return dropped;
  }

  /** Drops everything (a missed purge is possible, e.g. the LISTEN connection was re-established). */
  purgeAll(): number {
    const n = this.entries.size;
    this.seq++;
    this.recentPurges.push({ seq: this.seq, keys: new Set(['*']) });
    for (const url of [...this.entries.keys()]) this.remove(url);
    this.opts.events?.onPurge?.(1, n);
    return n;
  }

  /**
   * Single-flight for misses: the first caller for a URL gets `leader` (it renders, then calls
   * `done`); callers that arrive meanwhile get a promise that settles when the leader is done.
   */
  joinRender(url: string): { leader: true; done: () => void } | { leader: false; wait: Promise<void> } {
    const existing = this.inflight.get(url);
    if (existing) return { leader: false, wait: existing };
    let done!: () => void;
    const p = new Promise<void>((resolve) => (done = resolve));
    this.inflight.set(url, p);
    return {
      leader: true,
      done: () => {
        if (this.inflight.get(url) === p) this.inflight.delete(url);
        done();
      },
    };
  }

  /**
   * Stale-while-revalidate: re-renders a stale URL in the background, once however many requests
   * see it stale. A render that answers something not storable (a 404 now) drops the page.
   */
  revalidate(url: string, render: (renderUrl: string) => Promise<RenderedPage>, onError?: (err: unknown) => void): boolean {
    const page = this.entries.get(url);
    if (!page || this.revalidating.has(url)) return false;
    this.revalidating.add(url);
    const token = this.renderToken();
    void render(page.renderUrl)
      .then((r) => {
        const stored = this.store(url, r, token);
        if (!stored && !isStorable(r.status, r.headers, r.requestHadCookie)) this.remove(url);
        this.opts.events?.onRevalidate?.(stored ? 'stored' : 'dropped');
      })
      .catch((err) => {
        this.opts.events?.onRevalidate?.('failed');
        onError?.(err);
      })
      .finally(() => this.revalidating.delete(url));
    return true;
  }
}
