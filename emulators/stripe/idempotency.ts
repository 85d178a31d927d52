// Stripe's v1 idempotency contract (https://docs.stripe.com/api/idempotent_requests):
// - keys are scoped to the API key and apply to POST requests;
// - the status code and body of the first request are saved once the endpoint begins executing
//   (including 402 declines and 500s); a request that failed parameter validation, or that
//   collided with an in-flight request, saves nothing and may be retried;
// - same key + same endpoint + same parameters → the saved response, replayed byte for byte;
// - same key + different endpoint or parameters → 400 idempotency_error;
// - same key while the first request is still executing → 409 idempotency_error;
// - keys expire after 24 hours.

export interface SavedResponse {
  status: number;
  body: string;
  /** The request that produced it (sent back as `Original-Request`). */
  requestId: string;
}

export interface Entry {
  method: string;
  path: string;
  fingerprint: string;
  createdAt: number;
  saved: SavedResponse | null;
}

export type BeginResult =
  | { kind: 'execute' }
  | { kind: 'replay'; saved: SavedResponse }
  | { kind: 'in_flight' }
  | { kind: 'endpoint_mismatch'; method: string; path: string }
  | { kind: 'params_mismatch' };

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly ttlMs = 24 * 3600 * 1000) {}

  private static id(apiKey: string, key: string): string {
    return `${apiKey}\u0000${key}`;
  }

  begin(apiKey: string, key: string, method: string, path: string, fingerprint: string): BeginResult {
    const id = IdempotencyStore.id(apiKey, key);
    const existing = this.entries.get(id);
    if (existing && Date.now() - existing.createdAt > this.ttlMs) this.entries.delete(id);
    const entry = this.entries.get(id);
    if (!entry) {
      this.entries.set(id, { method, path, fingerprint, createdAt: Date.now(), saved: null });
      return { kind: 'execute' };
    }
    if (!entry.saved) return { kind: 'in_flight' };
    if (entry.method !== method || entry.path !== path) return { kind: 'endpoint_mismatch', method: entry.method, path: entry.path };
    if (entry.fingerprint !== fingerprint) return { kind: 'params_mismatch' };
    return { kind: 'replay', saved: entry.saved };
  }

  /** Save the response of an executed request. */
  complete(apiKey: string, key: string, saved: SavedResponse): void {
    const entry = this.entries.get(IdempotencyStore.id(apiKey, key));
    if (entry) entry.saved = saved;
  }

  /** Forget a request that did not begin executing (validation error, dropped before running). */
  abandon(apiKey: string, key: string): void {
    const id = IdempotencyStore.id(apiKey, key);
    const entry = this.entries.get(id);
    if (entry && !entry.saved) this.entries.delete(id);
  }

  size(): number {
    return this.entries.size;
  }

  /** The keys whose responses are saved (a request still executing is not kept). */
  snapshot(): [string, Entry][] {
    return [...this.entries].filter(([, e]) => e.saved !== null);
  }

  restore(entries: [string, Entry][]): void {
    this.entries.clear();
    for (const [id, e] of entries) this.entries.set(id, e);
  }

  clear(): void {
    this.entries.clear();
  }
}
