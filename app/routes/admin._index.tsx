// The dashboard: catalog size and stock health, counted in the database on every visit, and a flag
// when the latest payments reconciliation found differences.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getDashboardCounts, getReconciliationFlag, listStockAlerts, LOW_STOCK_MAX } from '~/services/admin.server';
import { can } from '../../server/modules/admin/permissions';
import { guardAdmin, requireAdmin } from '~/services/web.server';
import { AdminErrorPage } from '~/components/admin/AdminErrorPage';
import { PageHeader } from '~/components/admin/AdminShell';
import { formatUtc } from '~/components/admin/format';
import { StockFigure } from '~/components/admin/StockFigure';

export const meta: MetaFunction = () => [{ title: 'Dashboard · DotShop Admin' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return guardAdmin(context, async () => {
    const admin = await requireAdmin(request, context);
    const [counts, alerts, recon] = await Promise.all([getDashboardCounts(context.db.replica), listStockAlerts(context.db.replica, 8), getReconciliationFlag(context.db.replica)]);
    const reconciliation = recon ? { runId: recon.runId, differences: recon.differences, finishedAt: formatUtc(recon.finishedAt), canReview: can(admin.user.role, 'reconciliation.view') } : null;
    // The region's read replica (issue 12): its lag as the monitor last measured it.
    const replica = context.replicaStatus?.() ?? null;
    return { counts, alerts, lowStockMax: LOW_STOCK_MAX, reconciliation, replica, region: context.config.REGION };
  });
}

const nf = new Intl.NumberFormat('en-US');

export default function Dashboard() {
  const { counts, alerts, lowStockMax, reconciliation, replica, region } = useLoaderData<typeof loader>();
  const stats = [
    { key: 'products', label: 'Products', value: counts.products, note: `${nf.format(counts.activeProducts)} active` },
    { key: 'variants', label: 'Variants', value: counts.variants, note: 'SKUs in the catalog' },
    { key: 'low-stock', label: 'Low stock', value: counts.lowStockVariants, note: `1–${lowStockMax} sellable`, tone: counts.lowStockVariants ? 'warn' : undefined },
    { key: 'sold-out', label: 'Sold out', value: counts.soldOutVariants, note: '0 or fewer sellable', tone: counts.soldOutVariants ? 'alert' : undefined },
  ];
  return (
    <>
      <PageHeader title="Dashboard" description="Catalog and stock at a glance. Sellable = available (Shopify) − reserved (DotShop)." />
      {reconciliation ? (
        <div className="adm-alert" role="alert" data-testid="reconciliation-flag">
          <p>
            Reconciliation found {nf.format(reconciliation.differences)} difference{reconciliation.differences === 1 ? '' : 's'} —{' '}
            {reconciliation.canReview ? <Link to={`/admin/reconciliation?run=${reconciliation.runId}`}>review</Link> : 'an owner or finance should review'}
          </p>
          <p className="adm-alert__hint">Stripe and the ledger disagree (latest run, finished {reconciliation.finishedAt}).</p>
        </div>
      ) : null}
      <section className="adm-stats" aria-label="Key figures">
        {stats.map((s) => (
          <div key={s.key} className={`adm-stat${s.tone ? ` adm-stat--${s.tone}` : ''}`} data-testid={`stat-${s.key}`}>
            <span className="adm-stat__label">{s.label}</span>
            <span className="adm-stat__value" data-testid={`stat-${s.key}-value`}>
              {nf.format(s.value)}
            </span>
            <span className="adm-stat__note">{s.note}</span>
          </div>
        ))}
      </section>
      <section className="adm-panel" aria-labelledby="region-replica" data-testid="region-replica">
        <div className="adm-panel__head">
          <h2 id="region-replica">Region {region}</h2>
        </div>
        {replica ? (
          <p className={replica.healthy ? undefined : 'adm-alert'}>
            Read replica {replica.healthy ? 'healthy' : 'skipped (reads go to the primary)'} · lag{' '}
            <strong data-testid="replica-lag">{replica.lagSeconds === null ? 'unknown' : `${replica.lagSeconds.toFixed(2)} s`}</strong>
            {replica.lagBytes !== null ? ` (${nf.format(replica.lagBytes)} bytes to replay)` : ''}
            {replica.error ? ` · ${replica.error}` : ''}
          </p>
        ) : (
          <p className="adm-empty">This region reads the primary (no separate replica).</p>
        )}
      </section>
      <section className="adm-panel" aria-labelledby="stock-alerts">
        <div className="adm-panel__head">
          <h2 id="stock-alerts">Needs attention</h2>
          <Link to="/admin/products" className="adm-link">
            All products →
          </Link>
        </div>
        {alerts.length === 0 ? (
          <p className="adm-empty">Every variant has more than {lowStockMax} sellable.</p>
        ) : (
          <table className="adm-table">
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col">Product</th>
                <th scope="col">Variant</th>
                <th scope="col" className="num">
                  Sellable
                </th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => (
                <tr key={a.variantId}>
                  <td>
                    <Link className="adm-link mono" to={`/admin/products?q=${encodeURIComponent(a.sku)}`}>
                      {a.sku}
                    </Link>
                  </td>
                  <td>{a.productTitle}</td>
                  <td>{a.variantTitle}</td>
                  <td className="num">
                    <StockFigure sellable={a.sellable} lowStockMax={lowStockMax} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

export const ErrorBoundary = AdminErrorPage;
