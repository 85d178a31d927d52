// Injected API faults (`POST /_emulator/faults`): fail the next N requests with a status, drop the
// next N connections without a response, or add latency — optionally only under a path prefix
// and/or for one HTTP method, and either before the request runs or after it has run (the effect
// happened, the client just never learns of it).

export interface FaultRuleInput {
  /** Answer the next N matching requests with `status` instead of running them. */
  failNext?: number;
  /** HTTP status for failNext (default 500). */
  status?: number;
  /** Add this many ms to every matching request while the rule lives. */
  latencyMs?: number;
  /** Destroy the socket of the next N matching requests without writing a response. */
  dropNext?: number;
  /** Path prefix the rule applies to (default `/v1/`). */
  scope?: string;
  /** Only this HTTP method (default: any). */
  method?: string;
  /**
   * `before` (default): the request never runs. `after`: it runs (and its idempotent result is
   * saved), then the response is replaced by the failure or the connection is dropped.
   */
  phase?: 'before' | 'after';
  /** Send `Stripe-Should-Retry: true|false` with injected failures. */
  shouldRetry?: boolean;
  /** For a latency-only rule: how many requests it applies to (default: until cleared). */
  count?: number;
}

export interface FaultRule {
  id: string;
  scope: string;
  method: string | null;
  phase: 'before' | 'after';
  status: number;
  latencyMs: number;
  failNext: number;
  dropNext: number;
  count: number | null;
  shouldRetry: boolean | null;
  /** True when the rule had failNext/dropNext: it is removed once those are spent. */
  expiresWhenSpent: boolean;
}

export interface FaultDecision {
  latencyMs: number;
  action: { kind: 'fail'; status: number; phase: 'before' | 'after'; shouldRetry: boolean | null; ruleId: string } | { kind: 'drop'; phase: 'before' | 'after'; ruleId: string } | null;
}

/** A malformed control-API request (answered with 400). */
export class ControlInputError extends Error {}

function nonNegInt(v: unknown, name: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ControlInputError(`${name} must be a non-negative integer`);
  return v;
}

export class Faults {
  private rules: FaultRule[] = [];
  private nextId = 1;

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }

  add(input: FaultRuleInput): FaultRule {
    const status = input.status === undefined ? 500 : input.status;
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new ControlInputError('status must be an HTTP error status (400-599)');
    const phase = input.phase ?? 'before';
    if (phase !== 'before' && phase !== 'after') throw new ControlInputError("phase must be 'before' or 'after'");
    const scope = input.scope ?? '/v1/';
    if (typeof scope !== 'string' || !scope.startsWith('/')) throw new ControlInputError("scope must be a path prefix starting with '/'");
    const rule: FaultRule = {
      id: `fault_${this.nextId++}`,
      scope,
      method: input.method ? String(input.method).toUpperCase() : null,
      phase,
      status,
      latencyMs: nonNegInt(input.latencyMs, 'latencyMs'),
      failNext: nonNegInt(input.failNext, 'failNext'),
      dropNext: nonNegInt(input.dropNext, 'dropNext'),
      count: input.count === undefined ? null : nonNegInt(input.count, 'count'),
      shouldRetry: typeof input.shouldRetry === 'boolean' ? input.shouldRetry : null,
      expiresWhenSpent: false,
    };
    rule.expiresWhenSpent = rule.failNext > 0 || rule.dropNext > 0;
    if (!rule.latencyMs && !rule.failNext && !rule.dropNext) throw new ControlInputError('a fault needs failNext, dropNext or latencyMs');
    this.rules.push(rule);
    return { ...rule };
  }

  /** Decide (and consume) the faults for one request. */
  take(method: string, path: string): FaultDecision {
    let latencyMs = 0;
    let action: FaultDecision['action'] = null;
    for (const rule of this.rules) {
      if (!path.startsWith(rule.scope) || (rule.method && rule.method !== method)) continue;
      latencyMs = Math.max(latencyMs, rule.latencyMs);
      if (rule.count !== null) rule.count--;
      if (action) continue;
      if (rule.dropNext > 0) {
        rule.dropNext--;
        action = { kind: 'drop', phase: rule.phase, ruleId: rule.id };
      } else if (rule.failNext > 0) {
        rule.failNext--;
        action = { kind: 'fail', status: rule.status, phase: rule.phase, shouldRetry: rule.shouldRetry, ruleId: rule.id };
      }
    }
    // A rule is used up when its counted faults are spent (or its request count, for latency-only rules).
    this.rules = this.rules.filter((r) => {
      if (r.count !== null && r.count <= 0) return false;
      if (r.expiresWhenSpent && r.failNext === 0 && r.dropNext === 0) return false;
      return true;
    });
    return { latencyMs, action };
  }
}
