// Shopify's fault rules (the rule mechanics are ../kit/faults): every Admin API request goes to one
// GraphQL endpoint, so a rule narrows by operation instead of path — `operation: 'orderCreate'`
// applies to requests whose GraphQL document mentions that field.
import { ControlInputError } from '../kit/control';
import { type BaseFaultInput, type BaseFaultRule, FaultRules } from '../kit/faults';

export interface FaultRuleInput extends BaseFaultInput {
  /** Only requests whose GraphQL document contains this field name (e.g. `orderCreate`). */
  operation?: string;
}

export interface FaultRule extends BaseFaultRule {
  operation: string | null;
}

/** Rules are matched against the GraphQL text of a request (may be ''). */
export class Faults extends FaultRules<FaultRuleInput, { operation: string | null }, object, string> {
  constructor() {
    super({
      filter: (input) => {
        if (input.operation !== undefined && (typeof input.operation !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(input.operation))) {
          throw new ControlInputError('operation must be a GraphQL field name such as orderCreate');
        }
        return { operation: input.operation ?? null };
      },
      extra: () => ({}),
      applies: (rule, document) => !rule.operation || new RegExp(`\\b${rule.operation}\\b`).test(document),
    });
  }
}
