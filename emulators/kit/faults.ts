// Injected API faults (`POST /_emulator/faults`): fail the next N requests with a status, drop the
// next N connections without a response, or add latency; either before the request runs or after
// it has run (the effect happened, the client just never learns of it). Each emulator adds its own
// filter (a path prefix and method, a GraphQL field) and any fields of its own.
import { type ControlRoute, ControlInputError } from './control';

/** The part of a fault rule every emulator accepts. */
export interface BaseFaultInput {
  /** Answer the next N matching requests with `status` instead of running them. */
  failNext?: number;
  /** HTTP status for failNext (default 500). */
  status?: number;
  /** Add this many ms to every matching request while the rule lives. */
  latencyMs?: number;
  /** Destroy the socket of the next N matching requests without writing a response. */
  dropNext?: number;
  /** `before` (default): the request never runs. `after`: it runs, then the response is lost. */
  phase?: 'before' | 'after';
  /** For a latency-only rule: how many requests it applies to (default: until cleared). */
  count?: number;
  /** Fail this fraction (0–1) of matching requests with `status`, until cleared (a flaky upstream). */
  failRate?: number;
  /** Seed of the failRate draw, so a run can be replayed (default: random). */
  seed?: number;
}

export interface BaseFaultRule {
  id: string;
  phase: 'before' | 'after';
  status: number;
  latencyMs: number;
  failNext: number;
  dropNext: number;
  count: number | null;
  /** Fraction of matching requests failed at random (0: none). */
  failRate: number;
  /** True when the rule had failNext/dropNext: it is removed once those are spent. */
  expiresWhenSpent: boolean;
}

export type FaultAction<R> = { kind: 'fail'; status: number; phase: 'before' | 'after'; ruleId: string; rule: R } | { kind: 'drop'; phase: 'before' | 'after'; ruleId: string; rule: R };

export interface FaultDecision<R> {
  latencyMs: number;
  action: FaultAction<R> | null;
}

export interface FaultScheme<I, Filter, Extra, Q> {
  /** Validates the emulator's filter fields (listed right after the rule's id). */
  filter(input: I): Filter;
  /** The emulator's other fields (listed before expiresWhenSpent). */
  extra(input: I): Extra;
  applies(rule: Filter, request: Q): boolean;
}

function nonNegInt(v: unknown, name: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ControlInputError(`${name} must be a non-negative integer`);
  return v;
}

/** A small seeded PRNG (mulberry32): the same seed draws the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultRules<I extends BaseFaultInput, Filter extends object, Extra extends object, Q> {
  private rules: (BaseFaultRule & Filter & Extra)[] = [];
  private readonly draws = new Map<string, () => number>();
  private nextId = 1;

  constructor(private readonly scheme: FaultScheme<I, Filter, Extra, Q>) {}

  list(): (BaseFaultRule & Filter & Extra)[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
    this.draws.clear();
  }

  add(input: I): BaseFaultRule & Filter & Extra {
    const status = input.status === undefined ? 500 : input.status;
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new ControlInputError('status must be an HTTP error status (400-599)');
    const phase = input.phase ?? 'before';
    if (phase !== 'before' && phase !== 'after') throw new ControlInputError("phase must be 'before' or 'after'");
    const failRate = input.failRate ?? 0;
    if (typeof failRate !== 'number' || !(failRate >= 0 && failRate <= 1)) throw new ControlInputError('failRate must be a number from 0 to 1');
    const filter = this.scheme.filter(input);
    const rule = {
      id: `fault_${this.nextId++}`,
      ...filter,
      phase,
      status,
      latencyMs: nonNegInt(input.latencyMs, 'latencyMs'),
      failNext: nonNegInt(input.failNext, 'failNext'),
      dropNext: nonNegInt(input.dropNext, 'dropNext'),
      count: input.count === undefined ? null : nonNegInt(input.count, 'count'),
      failRate,
      ...this.scheme.extra(input),
      expiresWhenSpent: false,
    };
    rule.expiresWhenSpent = rule.failNext > 0 || rule.dropNext > 0;
    if (!rule.latencyMs && !rule.failNext && !rule.dropNext && !rule.failRate) throw new ControlInputError('a fault needs failNext, dropNext, failRate or latencyMs');
    this.rules.push(rule);
    if (rule.failRate > 0) this.draws.set(rule.id, seededRandom(input.seed ?? Math.floor(Math.random() * 2 ** 32)));
    return { ...rule };
  }

  /** Decide (and consume) the faults for one request. */
  take(request: Q): FaultDecision<BaseFaultRule & Filter & Extra> {
    let latencyMs = 0;
    let action: FaultDecision<BaseFaultRule & Filter & Extra>['action'] = null;
    for (const rule of this.rules) {
      if (!this.scheme.applies(rule, request)) continue;
      latencyMs = Math.max(latencyMs, rule.latencyMs);
      if (rule.count !== null) rule.count--;
      if (action) continue;
      if (rule.dropNext > 0) {
        rule.dropNext--;
        action = { kind: 'drop', phase: rule.phase, ruleId: rule.id, rule };
      } else if (rule.failNext > 0) {
        rule.failNext--;
        action = { kind: 'fail', status: rule.status, phase: rule.phase, ruleId: rule.id, rule };
      } else if (rule.failRate > 0 && this.draws.get(rule.id)!() < rule.failRate) {
        action = { kind: 'fail', status: rule.status, phase: rule.phase, ruleId: rule.id, rule };
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

/** What the request log records about an injected fault. */
export interface FaultLog {
  status: number;
  fault?: string | null;
}

/**
 * Labels the request log with the fault and, for a drop, destroys the connection without an
 * answer. Returns true when the request was dropped (nothing left to send).
 */
export function dropIfAsked(action: FaultAction<unknown>, entry: FaultLog, socket: { destroy(): void }): boolean {
  entry.fault = `${action.kind}${action.phase === 'after' ? '(after)' : ''}:${action.ruleId}`;
  if (action.kind !== 'drop') return false;
  entry.status = 0;
  socket.destroy();
  return true;
}

/** `/_emulator/faults`: list, clear and add rules. */
export function faultControlRoutes<I extends BaseFaultInput>(faults: { list(): unknown[]; clear(): void; add(input: I): unknown }): ControlRoute[] {
  return [
    { method: 'GET', path: '/_emulator/faults', handle: () => ({ faults: faults.list() }) },
    {
      method: 'DELETE',
      path: '/_emulator/faults',
      handle: () => {
        faults.clear();
        return { faults: [] };
      },
    },
    { method: 'POST', path: '/_emulator/faults', handle: async (r) => ({ fault: faults.add((await r.body()) as I), faults: faults.list() }) },
  ];
}
