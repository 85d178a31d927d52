// Stripe's fault rules (the rule mechanics are ../kit/faults): a rule applies under a path prefix
// (default `/v1/`) and optionally to one HTTP method, and can send `Stripe-Should-Retry` with the
// failures it injects.
import { ControlInputError } from '../kit/control';
import { type BaseFaultInput, type BaseFaultRule, FaultRules } from '../kit/faults';

export interface FaultRuleInput extends BaseFaultInput {
  /** Path prefix the rule applies to (default `/v1/`). */
  scope?: string;
  /** Only this HTTP method (default: any). */
  method?: string;
  /** Send `Stripe-Should-Retry: true|false` with injected failures. */
  shouldRetry?: boolean;
}

export interface FaultRule extends BaseFaultRule {
  scope: string;
  method: string | null;
  shouldRetry: boolean | null;
}

export class Faults extends FaultRules<FaultRuleInput, { scope: string; method: string | null }, { shouldRetry: boolean | null }, { method: string; path: string }> {
  constructor() {
    super({
      filter: (input) => {
        const scope = input.scope ?? '/v1/';
        if (typeof scope !== 'string' || !scope.startsWith('/')) throw new ControlInputError("scope must be a path prefix starting with '/'");
        return { scope, method: input.method ? String(input.method).toUpperCase() : null };
      },
      extra: (input) => ({ shouldRetry: typeof input.shouldRetry === 'boolean' ? input.shouldRetry : null }),
      applies: (rule, { method, path }) => path.startsWith(rule.scope) && (!rule.method || rule.method === method),
    });
  }
}
