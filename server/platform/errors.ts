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

// postgres.js's own connection failures, the socket's, and Postgres's "connection exception"
// (08…) and "operator intervention" shutdown codes (57P01–57P03).
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', '57P01', '57P02', '57P03']);

/**
 * True when an error means the database could not be reached (or went away mid-statement), as
 * opposed to a statement that failed: the web edge answers a calm 503 for these — nothing was
 * written, try again shortly (issue 12: the primary lost). Looks through wrapped causes (Drizzle
 * wraps the driver's error).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
    const errors = (e as { errors?: unknown[] }).errors; // AggregateError (IPv4 + IPv6 refused)
    if (Array.isArray(errors) && errors.some((x) => isDatabaseUnavailable(x))) return true;
  }
  return false;
}
