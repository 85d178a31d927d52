// Injected API faults (`POST /_emulator/faults`), as in the Stripe emulator: fail the next N Admin
// API requests with an HTTP status, drop the next N connections without a response, or add latency;
// either before the request runs or after it has run (Shopify did it, the app never heard).
// An operation filter (`operation: 'orderCreate'`) narrows a rule to requests whose GraphQL document
// mentions that field.

export interface FaultRuleInput {
  /** Answer the next N matching requests with `status` instead of running them. */
  failNext?: number;
  /** HTTP status for failNext (default 500). */
  status?: number;
  /** Add this many ms to every matching request while the rule lives. */
  latencyMs?: number;
  /** Destroy the socket of the next N matching requests without writing a response. */
  dropNext?: number;
  /** Only requests whose GraphQL document contains this field name (e.g. `orderCreate`). */
  operation?: string;
  /** `before` (default): the request never runs. `after`: it runs, then the response is lost. */
  phase?: 'before' | 'after';
  /** For a latency-only rule: how many requests it applies to (default: until cleared). */
  count?: number;
}

export interface FaultRule {
  id: string;
  operation: string | null;
  phase: 'before' | 'after';
  status: number;
  latencyMs: number;
  failNext: number;
  dropNext: number;
  count: number | null;
  expiresWhenSpent: boolean;
}

export interface FaultDecision {
  latencyMs: number;
  action: { kind: 'fail'; status: number; phase: 'before' | 'after'; ruleId: string } | { kind: 'drop'; phase: 'before' | 'after'; ruleId: string } | null;
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
    if (input.operation !== undefined && (typeof input.operation !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(input.operation))) {
      throw new ControlInputError('operation must be a GraphQL field name such as orderCreate');
    }
    const rule: FaultRule = {
      id: `fault_${this.nextId++}`,
      operation: input.operation ?? null,
      phase,
      status,
      latencyMs: nonNegInt(input.latencyMs, 'latencyMs'),
      failNext: nonNegInt(input.failNext, 'failNext'),
      dropNext: nonNegInt(input.dropNext, 'dropNext'),
      count: input.count === undefined ? null : nonNegInt(input.count, 'count'),
      expiresWhenSpent: false,
    };
    rule.expiresWhenSpent = rule.failNext > 0 || rule.dropNext > 0;
    if (!rule.latencyMs && !rule.failNext && !rule.dropNext) throw new ControlInputError('a fault needs failNext, dropNext or latencyMs');
    this.rules.push(rule);
    return { ...rule };
  }

  /** Decide (and consume) the faults for one request; `document` is the GraphQL text (may be ''). */
  take(document: string): FaultDecision {
    let latencyMs = 0;
    let action: FaultDecision['action'] = null;
    for (const rule of this.rules) {
      if (rule.operation && !new RegExp(`\\b${rule.operation}\\b`).test(document)) continue;
      latencyMs = Math.max(latencyMs, rule.latencyMs);
      if (rule.count !== null) rule.count--;
      if (action) continue;
      if (rule.dropNext > 0) {
        rule.dropNext--;
        action = { kind: 'drop', phase: rule.phase, ruleId: rule.id };
      } else if (rule.failNext > 0) {
        rule.failNext--;
        action = { kind: 'fail', status: rule.status, phase: rule.phase, ruleId: rule.id };
      }
    }
    this.rules = this.rules.filter((r) => {
      if (r.count !== null && r.count <= 0) return false;
      if (r.expiresWhenSpent && r.failNext === 0 && r.dropNext === 0) return false;
      return true;
    });
    return { latencyMs, action };
  }
}
