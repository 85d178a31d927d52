// One order for support and finance: lines, totals, payment state, its outbox jobs and audit trail.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getAdminOrder } from '~/services/admin/orders.server';
import { adminNotFound, guardAdmin } from '~/services/admin/route-errors.server';
import { requireAdmin } from '~/services/admin/sessions.server';
import { formatMoney } from '~/services/emails.server';
import { statusLabels } from '../../server/order-status';
import { AdminErrorPage } from '~/components/admin/AdminErrorPage';
import { PageHeader } from '~/components/admin/AdminShell';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.order.number ?? 'Order'} · DotShop Admin` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return guardAdmin(context, async () => {
    await requireAdmin(request, context);
    const detail = await getAdminOrder(context.db.primary, (params.number ?? '').toUpperCase());
    if (!detail) adminNotFound(context.requestId);
    const { order, lines, events, jobs, audit } = detail!;
    const money = (n: number) => formatMoney(n, order.currency);
    return {
      order: {
        number: order.number,
        email: order.email,
        region: order.region,
        status: order.status,
        statusLabel: statusLabels[order.status],
        paymentIntentId: order.paymentIntentId,
        failure: order.paymentFailureCode ? `${order.paymentFailureCode}: ${order.paymentFailureMessage ?? ''}` : null,
        subtotal: money(order.subtotal),
        shipping: money(order.shippingAmount),
        tax: `${order.taxIncluded ? 'incl. VAT ' : ''}${money(order.taxAmount)}`,
        total: money(order.total),
        address: order.shippingAddress,
        shippingMethod: order.shippingMethod,
        createdAt: order.createdAt.toISOString(),
        authorizedAt: order.authorizedAt?.toISOString() ?? null,
      },
      lines: lines.map((l) => ({ sku: l.sku, title: `${l.title} — ${l.variantTitle}`, quantity: l.quantity, unit: money(l.unitAmount), total: money(l.lineTotal) })),
      events: events.map((e) => ({ at: e.at.toISOString(), from: e.fromStatus, to: e.toStatus, note: e.note })),
      jobs,
      audit: audit.map((a) => ({ id: a.id, at: a.at.toISOString(), actor: a.actorLabel ?? a.actorType, action: a.action, before: a.before, after: a.after })),
    };
  });
}

export default function AdminOrder() {
  const { order, lines, events, jobs, audit } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={`Order ${order.number}`} description={`${order.email} · ${order.region.toUpperCase()} · placed ${new Date(order.createdAt).toUTCString()}`} actions={<Link to="/admin/orders">All orders</Link>} />
      <section className="adm-panel" data-testid="order-payment">
        <div className="adm-panel__head">
          <h2>Payment</h2>
        </div>
        <table className="adm-table">
          <tbody>
            <tr>
              <th scope="row">Status</th>
              <td data-testid="admin-order-status">{order.statusLabel}</td>
            </tr>
            <tr>
              <th scope="row">PaymentIntent</th>
              <td>{order.paymentIntentId ?? '—'}</td>
            </tr>
            <tr>
              <th scope="row">Authorized</th>
              <td>{order.authorizedAt ? new Date(order.authorizedAt).toUTCString() : '—'}</td>
            </tr>
            {order.failure ? (
              <tr>
                <th scope="row">Failure</th>
                <td>{order.failure}</td>
              </tr>
            ) : null}
            <tr>
              <th scope="row">Totals</th>
              <td>
                subtotal {order.subtotal} · shipping {order.shipping} ({order.shippingMethod}) · tax {order.tax} · <strong>total {order.total}</strong>
              </td>
            </tr>
            <tr>
              <th scope="row">Ship to</th>
              <td>{Object.values(order.address).filter(Boolean).join(', ')}</td>
            </tr>
          </tbody>
        </table>
      </section>
      <section className="adm-panel">
        <div className="adm-panel__head">
          <h2>Lines</h2>
        </div>
        <table className="adm-table" data-testid="admin-order-lines">
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col">Item</th>
              <th scope="col" className="num">
                Qty
              </th>
              <th scope="col" className="num">
                Unit
              </th>
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.sku}>
                <td>{l.sku}</td>
                <td>{l.title}</td>
                <td className="num">{l.quantity}</td>
                <td className="num">{l.unit}</td>
                <td className="num">{l.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="adm-panel">
        <div className="adm-panel__head">
          <h2>Timeline</h2>
        </div>
        <table className="adm-table">
          <tbody>
            {events.map((e, i) => (
              <tr key={i}>
                <td>{new Date(e.at).toUTCString()}</td>
                <td>
                  {e.from ? `${e.from} → ` : ''}
                  {e.to}
                </td>
                <td>{e.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="adm-panel" data-testid="order-jobs">
        <div className="adm-panel__head">
          <h2>Outbox jobs</h2>
        </div>
        {jobs.length === 0 ? (
          <p className="adm-empty">No jobs.</p>
        ) : (
          <table className="adm-table">
            <thead>
              <tr>
                <th scope="col">Queue</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Retries
                </th>
                <th scope="col">Created</th>
                <th scope="col">Runs after</th>
                <th scope="col">Completed</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id}>
                  <td>{j.name}</td>
                  <td>
                    <span className={`adm-badge${j.state === 'failed' ? ' adm-badge--alert' : ''}`}>{j.state}</span>
                  </td>
                  <td className="num">{j.retryCount}</td>
                  <td>{new Date(j.createdOn).toUTCString().slice(5, 25)}</td>
                  <td>{new Date(j.startAfter).toUTCString().slice(5, 25)}</td>
                  <td>{j.completedOn ? new Date(j.completedOn).toUTCString().slice(5, 25) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="adm-panel" data-testid="order-audit">
        <div className="adm-panel__head">
          <h2>Audit</h2>
        </div>
        {audit.length === 0 ? (
          <p className="adm-empty">No audit entries.</p>
        ) : (
          <table className="adm-table">
            <tbody>
              {audit.map((a) => (
                <tr key={a.id}>
                  <td>{new Date(a.at).toUTCString().slice(5, 25)}</td>
                  <td>{a.actor}</td>
                  <td>{a.action}</td>
                  <td>
                    <code>{JSON.stringify(a.before)}</code> → <code>{JSON.stringify(a.after)}</code>
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

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
