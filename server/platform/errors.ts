// The few categories an expected failure of the domain falls into, with no HTTP in them (Vendure's
// common/error/errors.ts). Modules throw a DomainError (or a subclass naming its codes); the web
// edge maps the category to a status (server/web/http-status.ts).
export type ErrorCategory =
  /** The input breaks a rule (a quantity out of range, an amount too large). */
  | 'invalid_input'
  /** The thing asked for does not exist (an unknown SKU, order or cart). */
  | 'not_found'
  /** The request is valid but the state forbids it now (sold out, already checked out, in progress). */
  | 'conflict';

export class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly category: ErrorCategory,
    readonly code: Code,
    message: string,
    /** The form field the message belongs next to, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}
