// The one map from the domain's error categories (server/platform/errors.ts) to HTTP statuses.
import type { DomainError, ErrorCategory } from '../platform/errors';

const STATUS: Record<ErrorCategory, 400 | 404 | 409> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
};

export function httpStatusOf(err: DomainError): 400 | 404 | 409 {
  return STATUS[err.category];
}
