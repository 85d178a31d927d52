// Shopify both ways: orders pushed in order per SKU (with dead letters and retries), inbound
// webhooks applied to the projection, catalog backfill/reconcile, honest stock (reservations
// released only once Shopify's count includes them) and sync lag. Only door of the area.
export { progressLine, syncCatalog } from './backfill';
export {
  bucketShareWaitMs,
  DRIFT_PASS_CRON,
  DRIFT_PASS_INTERVAL_SECONDS,
  type DriftPassResult,
  inventoryDriftReport,
  requestDriftPass,
  runDriftPass,
  watchInventoryDrift,
} from './drift';
export { applyShopifyEvent, receiveShopifyWebhook } from './inbound';
export { applyShopifyEvents } from './inbound-batch';
export { cancelOrderOnShopify, listDeadLetteredPushes, pushKeyForOrder, pushOrderInSkuOrder, requestPushRetry } from './push';
export { findAndCancelOrphanedShopifyOrders, type OrphanedShopifyOrder } from './orphans';
export { findOversellRisks, releaseCommittedReservations, runStockLifecycle, watchOversellRisk } from './stock-lifecycle';
export { LAG_ALERT_MS, lagBuckets, lastWebhook, type Percentiles, syncHealth, watchSyncLag } from './sync-lag';
