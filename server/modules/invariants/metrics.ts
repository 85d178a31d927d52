// The invariants as Prometheus series (issue 13): read from the data at scrape time by the web
// process (the worker moves the money; only the web process serves /metrics), so an alert rule can
// page on them. The same questions `npm run check:invariants` asks, answered continuously.
import { sql } from 'drizzle-orm';
import client from 'prom-client';
import type { Db } from '../../../db/client';
import { registry } from '../../platform/metrics';

/** Card authorizations hold 7 days; the safety capture runs on day 6. Still uncaptured after this: about to expire. */
export const AUTHORIZATION_NEAR_EXPIRY_HOURS = 6 * 24;

let source: Db | null = null;
export function watchInvariantMetrics(db: Db | null) {
  source = db;
}

export const unbalancedLedgerGauge = new client.Gauge({
  name: 'dotshop_ledger_unbalanced_transactions',
  help: 'Ledger transactions whose entries do not sum to zero or have fewer than two entries (alert when > 0)',
  registers: [registry],
  async collect() {
    if (!source) return;
    const [r] = (await source
      .execute<{ n: number }>(
        sql`select count(*)::int as n from (select t.id from ledger_transactions t left join ledger_entries e on e.transaction_id = t.id group by t.id having coalesce(sum(e.amount), 0) <> 0 or count(e.id) < 2) x`,
      )
      .catch(() => [])) as { n: number }[];
    if (r) this.set(Number(r.n));
  },
});

export const expiringAuthorizationsGauge = new client.Gauge({
  name: 'dotshop_authorizations_near_expiry',
  help: `Orders still authorized (not captured, not voided) ${AUTHORIZATION_NEAR_EXPIRY_HOURS} h or more after authorization: Stripe drops the hold at 7 days (alert when > 0)`,
  registers: [registry],
  async collect() {
    if (!source) return;
    const [r] = (await source
      .execute<{ n: number }>(sql`select count(*)::int as n from orders where status = 'authorized' and authorized_at < now() - make_interval(hours => ${AUTHORIZATION_NEAR_EXPIRY_HOURS})`)
      .catch(() => [])) as { n: number }[];
    if (r) this.set(Number(r.n));
  },
});

export const ledgerMovementsGauge = new client.Gauge({
  name: 'dotshop_ledger_movements_minor',
  help: 'Money moved on the ledger since the start, by kind (authorization, capture, refund, dispute_withdrawal, …) and currency, in minor units (grows; use delta())',
  labelNames: ['kind', 'currency'] as const,
  registers: [registry],
  async collect() {
    if (!source) return;
    const rows = await source
      .execute<{ kind: string; currency: string; amount: string; n: number }>(
        sql`select t.kind::text as kind, e.currency, coalesce(sum(e.amount) filter (where e.amount > 0), 0)::text as amount, count(distinct t.id)::int as n
            from ledger_transactions t join ledger_entries e on e.transaction_id = t.id group by 1, 2`,
      )
      .catch(() => null);
    if (!rows) return;
    for (const r of rows) {
      this.set({ kind: r.kind, currency: r.currency }, Number(r.amount));
      ledgerTransactionsGauge.set({ kind: r.kind, currency: r.currency }, Number(r.n));
    }
  },
});
export const ledgerTransactionsGauge = new client.Gauge({
  name: 'dotshop_ledger_transactions',
  help: 'Ledger transactions since the start, by kind and currency (grows; use delta())',
  labelNames: ['kind', 'currency'] as const,
  registers: [registry],
});
