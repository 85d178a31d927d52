// The dashboard: catalog size and stock health, counted in the database on every visit.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getDashboardCounts, listStockAlerts, LOW_STOCK_MAX } from '~/services/admin/dashboard.server';
import { guardAdmin } from '~/services/admin/route-errors.server';
import { requireAdmin } from '~/services/admin/sessions.server';
import { AdminErrorPage } from '~/components/admin/AdminErrorPage';
import { PageHeader } from '~/components/admin/AdminShell';
import { StockFigure } from '~/components/admin/StockFigure';

export const meta: MetaFunction = () => [{ title: 'Dashboard · DotShop Admin' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return guardAdmin(context, async () => {
    await requireAdmin(request, context);
    const [counts, alerts] = await Promise.all([getDashboardCounts(context.db.replica), listStockAlerts(context.db.replica, 8)]);
    return { counts, alerts, lowStockMax: LOW_STOCK_MAX };
  });
}

const nf = new Intl.NumberFormat('en-US');

export default function Dashboard() {
  const { counts, alerts, lowStockMax } = useLoaderData<typeof loader>();
  const stats = [
    { key: 'products', label: 'Products', value: counts.products, note: `${nf.format(counts.activeProducts)} active` },
    { key: 'variants', label: 'Variants', value: counts.variants, note: 'SKUs in the catalog' },
    { key: 'low-stock', label: 'Low stock', value: counts.lowStockVariants, note: `1–${lowStockMax} sellable`, tone: counts.lowStockVariants ? 'warn' : undefined },
    { key: 'sold-out', label: 'Sold out', value: counts.soldOutVariants, note: '0 or fewer sellable', tone: counts.soldOutVariants ? 'alert' : undefined },
  ];
  return (
    <>
      <PageHeader title="Dashboard" description="Catalog and stock at a glance. Sellable = available (Shopify) − reserved (DotShop)." />
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
