// The web edge's map from the domain's error categories to HTTP statuses (ADR 015): what a shopper,
// an admin form or an API client sees for each kind of expected failure.
import { describe, expect, it } from 'vitest';
import { CartError } from '../modules/cart';
import { PaymentActionError } from '../modules/payments';
import { DomainError } from '../platform/errors';
import { httpStatusOf } from './http-status';

describe('httpStatusOf', () => {
  it('maps invalid input to 400, a missing thing to 404 and a state conflict to 409', () => {
    expect(httpStatusOf(new PaymentActionError('invalid_input', 'amount_too_large', 'At most 100 can be refunded.', 'amount'))).toBe(400);
    expect(httpStatusOf(new CartError('not_found', 'unknown_sku', 'No product with SKU X.', 'sku'))).toBe(404);
    expect(httpStatusOf(new PaymentActionError('conflict', 'not_cancellable', 'An order that is fulfilled cannot be cancelled here.'))).toBe(409);
    expect(httpStatusOf(new CartError('conflict', 'out_of_stock', 'Sorry — this is sold out.', 'sku'))).toBe(409);
  });

  it('domain errors carry no HTTP status of their own', () => {
    const err = new DomainError('conflict', 'x', 'y');
    expect(err).not.toHaveProperty('status');
    expect(err.category).toBe('conflict');
  });
});
