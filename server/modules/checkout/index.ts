// Placing an order: the checkout form schema, pricing, idempotency keys, stock reservation (and
// its release beside it), Stripe authorization and the recovery of a crashed checkout. Only door.
export { checkoutFormSchema, email, euAddress, paymentMethodId, shippingMethod, usAddress } from './checkout-schema';
export { IdempotencyConflictError, type IdempotentResult, purgeExpiredIdempotencyKeys, type StoredResponse, withIdempotency } from './idempotency';
export { intArray, releaseReservations } from './inventory';
export { paymentMethodFromForm } from './payment-method';
export { type CheckoutDeps, type CheckoutInput, checkoutIdempotently, type CheckoutResponseBody, confirmPayment, fanOutAuthorizedOrders, markPaymentFailed, PaymentStillUnavailable, recordAuthorization, recoverPendingOrder, resumeAfterAuthentication, sweepPendingOrders } from './place-order';
export { computeTotals, euCountries, type ShippingMethodId, shippingMethods, type Totals, usStates } from './pricing';
