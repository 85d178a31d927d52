// Disputes: open ones first, by evidence deadline. Every admin role may look.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { listDisputes } from '~/services/admin.server';
import { guardAdmin, requireAdmin } from '~/services/web.server';
import { formatMoney } from '~/services/orders.server';
import { AdminErrorPage } from '~/components/admin/AdminErrorPage';
import { PageHeader } from '~/components/admin/AdminShell';

export const meta: MetaFunction = () => [{ title: 'Disputes · DotShop Admin' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return guardAdmin(context, async () => {
    await requireAdmin(request, context);
    const rows = await listDisputes(context.db.replica);
    const now = Date.now();
    return {
      rows: rows.map((d) => ({
        id: d.id,
        amount: formatMoney(d.amount, d.currency),
        status: d.status,
        reason: d.reason,
        orderNumber: d.orderNumber,
        openedAt: d.openedAt.toISOString(),
        dueBy: d.evidenceDueBy?.toISOString() ?? null,
        overdue: !!d.evidenceDueBy && d.evidenceDueBy.getTime() < now && d.status === 'needs_response',
      })),
    };
  });
}

export default function AdminDisputes() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Disputes" description="Chargebacks from Stripe. Funds are withdrawn when a dispute opens and reinstated if it is won." />
      {rows.length === 0 ? (
        <p className="adm-empty">No disputes.</p>
      ) : (
        <div className="adm-table-wrap">
          <table className="adm-table" data-testid="dispute-table">
            <thead>
              <tr>
                <th scope="col">Dispute</th>
                <th scope="col">Order</th>
                <th scope="col">Status</th>
                <th scope="col">Reason</th>
                <th scope="col">Evidence due</th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id}>
                  <td>{d.id}</td>
                  <td>{d.orderNumber ? <Link to={`/admin/orders/${d.orderNumber}`}>{d.orderNumber}</Link> : '—'}</td>
                  <td>
                    <span className={`adm-badge${d.status === 'lost' || d.overdue ? ' adm-badge--alert' : ''}`}>{d.status.replace(/_/g, ' ')}</span>
                  </td>
                  <td>{d.reason}</td>
                  <td>{d.dueBy ? `${new Date(d.dueBy).toUTCString().slice(5, 22)}${d.overdue ? ' (overdue)' : ''}` : '—'}</td>
                  <td className="num">{d.amount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
