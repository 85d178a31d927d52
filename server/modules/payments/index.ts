// Money after authorization: capture, void, refunds and disputes on the double-entry ledger,
// Stripe webhooks (inbox first), and reconciliation of the ledger against Stripe. Only door.
export { orderPaymentState, postAuthorization } from './ledger';
export { cancelOrder, captureOrder, markOrderFulfilled, PaymentActionError, requestRefund, sendRefundToStripe, voidOrderAuthorization } from './payments';
export { reconcilePayments } from './reconciliation/run';
export { DEFAULT_RUN_WINDOW_DAYS, getReconciliationRun, listReconciliationRuns, pendingReconciliationJobs, type ReconcileJobData, reportReconciliationGaugeFrom, requestReconciliationRun, RUN_WINDOW_DAYS } from './reconciliation/runs';
export { scheduledWindow } from './reconciliation/window';
export { findAndVoidOrphanedPaymentIntents, type OrphanedPaymentIntent } from './orphans';
export { processStripeEvent, receiveStripeWebhook } from './stripe-webhooks';
