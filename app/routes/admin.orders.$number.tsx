// One order for support and finance: lines, totals, payment state, its outbox jobs and audit trail.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { handleOrderAction, type OrderActionResult, adminNotFound, guardAdmin, requireAdmin } from '~/services/web.server';
import { AdminForm } from '~/components/admin/csrf';
import { TextField } from '~/components/admin/Field';
import { getAdminOrder } from '~/services/admin.server';
import { can } from '../../server/modules/admin/permissions';
import { formatMoney } from '~/services/orders.server';
import { statusLabels } from '../../server/modules/orders/order-status';
import { AdminErrorPage } from '~/components/admin/AdminErrorPage';
import { PageHeader } from '~/components/admin/AdminShell';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.order.number ?? 'Order'} · DotShop Admin` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return guardAdmin(context, async () => {
    const admin = await requireAdmin(request, context);
    const detail = await getAdminOrder(context.db.primary, (params.number ?? '').toUpperCase());
    if (!detail) adminNotFound(context.requestId);
    const { order, lines, events, jobs, audit, payment, refunds, disputes } = detail!;
    const money = (n: number) => formatMoney(n, order.currency);
    const role = admin.user.role;
    return {
      can: {
        fulfil: can(role, 'orders.fulfil') && order.status === 'authorized',
        cancel: can(role, 'orders.cancel') && order.status === 'authorized',
        refund: can(role, 'orders.refund'),
      },
      refundKey: crypto.randomUUID(),
      payment: {
        authorized: money(payment.authorized),
        captured: money(payment.captured),
        released: money(payment.released),
        refunded: money(payment.refunded),
        disputed: money(payment.disputed),
        open: money(payment.openAuthorization),
        refundable: payment.refundable,
        refundableLabel: money(payment.refundable),
      },
      refunds: refunds.map((r) => ({ id: r.id, amount: money(r.amount), status: r.status, reason: r.reason, by: r.requestedBy, stripeId: r.stripeRefundId, at: r.createdAt.toISOString() })),
      disputes: disputes.map((d) => ({ id: d.id, amount: money(d.amount), status: d.status, reason: d.reason, dueBy: d.evidenceDueBy?.toISOString() ?? null })),
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

export async function action({ request, params, context }: ActionFunctionArgs) {
  return guardAdmin(context, () => handleOrderAction(request, context, (params.number ?? '').toUpperCase()));
}

export default function AdminOrder() {
  const { order, lines, events, jobs, audit, can, payment, refunds, disputes, refundKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as OrderActionResult | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const errors = result && !result.ok ? result.fieldErrors : {};
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
              <th scope="row">Money (from the ledger)</th>
              <td data-testid="admin-payment-state">
                authorized {payment.authorized} · captured {payment.captured} · released {payment.released} · refunded <strong data-testid="admin-refunded">{payment.refunded}</strong> · disputed {payment.disputed} · still held {payment.open}
              </td>
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
      {result ? (
        <p className={result.ok ? 'adm-notice' : 'adm-alert'} role={result.ok ? 'status' : 'alert'} data-testid="order-action-result">
          {result.message}
        </p>
      ) : null}
      {can.fulfil || can.cancel || (can.refund && payment.refundable > 0) ? (
        <section className="adm-panel" data-testid="order-actions">
          <div className="adm-panel__head">
            <h2>Actions</h2>
          </div>
          <div style={{ display: 'flex', gap: '1rem', flexWrap: 'wrap', padding: '1rem', alignItems: 'flex-end' }}>
            {can.fulfil ? (
              <AdminForm>
                <input type="hidden" name="intent" value="fulfil" />
                <button type="submit" className="adm-button" disabled={busy}>
                  Mark fulfilled
                </button>
              </AdminForm>
            ) : null}
            {can.cancel ? (
              <AdminForm>
                <input type="hidden" name="intent" value="cancel" />
                <button type="submit" className="adm-button adm-button--ghost" disabled={busy}>
                  Cancel order
                </button>
              </AdminForm>
            ) : null}
            {can.refund && payment.refundable > 0 ? (
              <AdminForm key={refundKey} data-testid="refund-form">
                <input type="hidden" name="intent" value="refund" />
                <input type="hidden" name="requestKey" value={refundKey} />
                <TextField label={`Refund amount in cents (at most ${payment.refundable} = ${payment.refundableLabel})`} name="amount" inputMode="numeric" errors={errors.amount} required />
                <TextField label="Reason" name="reason" errors={errors.reason} />
                <button type="submit" className="adm-button" disabled={busy}>
                  Refund
                </button>
              </AdminForm>
            ) : null}
          </div>
        </section>
      ) : null}
      {refunds.length ? (
        <section className="adm-panel" data-testid="order-refunds">
          <div className="adm-panel__head">
            <h2>Refunds</h2>
          </div>
          <table className="adm-table">
            <tbody>
              {refunds.map((r) => (
                <tr key={r.id}>
                  <td>{new Date(r.at).toUTCString().slice(5, 25)}</td>
                  <td className="num">{r.amount}</td>
                  <td>
                    <span className={`adm-badge${r.status === 'failed' ? ' adm-badge--alert' : ''}`}>{r.status}</span>
                  </td>
                  <td>{r.reason}</td>
                  <td>{r.by}</td>
                  <td>{r.stripeId ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {disputes.length ? (
        <section className="adm-panel" data-testid="order-disputes">
          <div className="adm-panel__head">
            <h2>Disputes</h2>
          </div>
          <table className="adm-table">
            <tbody>
              {disputes.map((d) => (
                <tr key={d.id}>
                  <td>{d.id}</td>
                  <td className="num">{d.amount}</td>
                  <td>{d.status}</td>
                  <td>{d.reason}</td>
                  <td>{d.dueBy ? `evidence due ${new Date(d.dueBy).toUTCString().slice(5, 22)}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
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
