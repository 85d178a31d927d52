// What the web process's /metrics reads at scrape time: the gauges whose work happens in the
// worker (reconciliation, oversell risk, sync lag, jobs, money invariants) and the databases'
// own state. One function, so the web entry and the test that checks every alert rule's and
// dashboard's metric against /metrics wire the same sources (issue 13).
import type { Databases } from '../../db/client';
import { watchInvariantMetrics } from '../modules/invariants';
import { watchOrderFlags } from '../modules/orders';
import { reportReconciliationGaugeFrom } from '../modules/payments';
import { watchInventoryDrift, watchOversellRisk, watchSyncLag } from '../modules/shopify-sync';
import { watchPlatformMetrics } from '../platform/metrics';

export function watchMetricSources(db: Databases, opts: { region: string; replicaIsPrimary: boolean }) {
  reportReconciliationGaugeFrom(db.replica);
  watchOversellRisk(db.replica);
  watchSyncLag(db.replica);
  watchInventoryDrift(db.replica);
  // The primary: these page on dead letters and money, where a lagging replica would hide the problem.
  watchInvariantMetrics(db.primary);
  watchOrderFlags(db.primary);
  watchPlatformMetrics({ primary: db.primary, replica: db.replica, replicaIsPrimary: opts.replicaIsPrimary, region: opts.region });
}
