// Orders: filter by status, search by number or email. Every admin role may look.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { guardAdmin, requireAdmin } from '~/services/web.server';
import { formatMoney, listOrders } from '~/services/orders.server';
import { orderStatuses, statusLabels, type OrderStatus } from '../../server/modules/orders/order-status';
import { AdminErrorPage } from '~/components/admin/AdminErrorPage';
import { PageHeader } from '~/components/admin/AdminShell';
import { Pager } from '~/components/admin/Pager';

export const meta: MetaFunction = () => [{ title: 'Orders · DotShop Admin' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return guardAdmin(context, async () => {
    await requireAdmin(request, context);
    const url = new URL(request.url);
    const statusParam = url.searchParams.get('status') ?? '';
    const status = (orderStatuses as readonly string[]).includes(statusParam) ? (statusParam as OrderStatus) : undefined;
    const q = (url.searchParams.get('q') ?? '').trim().slice(0, 120);
    const pageNum = Number(url.searchParams.get('page'));
    const page = Number.isInteger(pageNum) && pageNum > 0 && pageNum < 100_000 ? pageNum : 1;
    // Orders are written on the primary; support looks at them right after a shopper calls.
    const result = await listOrders(context.db.primary, { status, q: q || undefined, page });
    return {
      q,
      status: status ?? '',
      page: result.page,
      total: result.total,
      hasNext: result.page * result.pageSize < result.total,
      rows: result.rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), totalLabel: formatMoney(r.total, r.currency), statusLabel: statusLabels[r.status] })),
    };
  });
}

export default function AdminOrders() {
  const { q, status, page, total, hasNext, rows } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Orders" description="Newest first. Authorized orders are charged when they ship." />
      <Form method="get" className="adm-toolbar" role="search">
        <label htmlFor="order-search" className="adm-visually-hidden">
          Search by order number or email
        </label>
        <input id="order-search" type="search" name="q" defaultValue={q} placeholder="Order number or email" className="adm-input" key={q} />
        <label htmlFor="order-status" className="adm-visually-hidden">
          Status
        </label>
        <select id="order-status" name="status" defaultValue={status} className="adm-input">
          <option value="">All statuses</option>
          {orderStatuses.map((s) => (
            <option key={s} value={s}>
              {statusLabels[s]}
            </option>
          ))}
        </select>
        <button type="submit" className="adm-button adm-button--small">
          Filter
        </button>
        <span className="adm-toolbar__meta" data-testid="order-count">
          {total} order{total === 1 ? '' : 's'}
        </span>
      </Form>
      {rows.length === 0 ? (
        <p className="adm-empty">No orders match.</p>
      ) : (
        <div className="adm-table-wrap">
          <table className="adm-table" data-testid="order-table">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Placed</th>
                <th scope="col">Customer</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/admin/orders/${o.number}`}>{o.number}</Link>
                  </td>
                  <td>{new Date(o.createdAt).toUTCString().slice(5, 22)}</td>
                  <td>{o.email}</td>
                  <td>
                    <span className={`adm-badge${o.status === 'payment_failed' || o.status === 'cancelled' ? ' adm-badge--alert' : ''}`}>{o.statusLabel}</span>
                  </td>
                  <td className="num">{o.totalLabel}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} hasNext={hasNext} />
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
