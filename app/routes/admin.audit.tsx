// The audit log, newest first, fifty rows a page, filterable by action. Owners only.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData, useSubmit } from '@remix-run/react';
import { listAudit, listAuditActions } from '~/services/admin.server';
import { rolesFor } from '../../server/modules/admin/permissions';
import { guardAdmin, requireAdmin } from '~/services/web.server';
import { AdminErrorPage } from '~/components/admin/AdminErrorPage';
import { PageHeader } from '~/components/admin/AdminShell';
import { formatUtc } from '~/components/admin/format';
import { Pager } from '~/components/admin/Pager';

export const meta: MetaFunction = () => [{ title: 'Audit log · DotShop Admin' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return guardAdmin(context, async () => {
    await requireAdmin(request, context, { roles: rolesFor('audit.view') });
    const url = new URL(request.url);
    const action = url.searchParams.get('action')?.slice(0, 120) || null;
    const pageNo = Number(url.searchParams.get('page'));
    const page = Number.isInteger(pageNo) && pageNo > 0 && pageNo < 100_000 ? pageNo : 1;
    const [result, actions] = await Promise.all([listAudit(context.db.replica, { action, page, pageSize: 50 }), listAuditActions(context.db.replica)]);
    return {
      action,
      actions,
      page: result.page,
      hasNext: result.hasNext,
      rows: result.rows.map((r) => ({
        id: r.id,
        at: formatUtc(r.at),
        actorType: r.actorType,
        actorLabel: r.actorLabel ?? (r.actorId ? `#${r.actorId}` : '—'),
        action: r.action,
        entity: r.entityType ? `${r.entityType}${r.entityId ? ` #${r.entityId}` : ''}` : '—',
        ip: r.ip ?? '—',
        requestId: r.requestId,
        before: r.before == null ? null : JSON.stringify(r.before, null, 2),
        after: r.after == null ? null : JSON.stringify(r.after, null, 2),
      })),
    };
  });
}

export default function AdminAudit() {
  const { rows, actions, action, page, hasNext } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  return (
    <>
      <PageHeader title="Audit log" description="Every admin action and payment state change: who, what, when, from where, before and after." />
      <Form method="get" className="adm-toolbar" onChange={(e) => submit(e.currentTarget)}>
        <label htmlFor="audit-action">Action</label>
        <select id="audit-action" name="action" defaultValue={action ?? ''} className="adm-input adm-input--select" key={action ?? ''}>
          <option value="">All actions</option>
          {actions.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        <noscript>
          <button type="submit" className="adm-button adm-button--small">
            Filter
          </button>
        </noscript>
      </Form>
      {rows.length === 0 ? (
        <p className="adm-empty">No audit entries{action ? ` for ${action}` : ''}.</p>
      ) : (
        <div className="adm-table-wrap">
          <table className="adm-table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Entity</th>
                <th scope="col">IP</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap mono">{r.at}</td>
                  <td>
                    <span className="adm-actor">{r.actorLabel}</span>
                    <span className="adm-muted"> {r.actorType}</span>
                  </td>
                  <td>
                    <code className="adm-code">{r.action}</code>
                  </td>
                  <td>{r.entity}</td>
                  <td className="mono">{r.ip}</td>
                  <td>
                    {r.before || r.after || r.requestId ? (
                      <details className="adm-details">
                        <summary>View</summary>
                        {r.requestId ? <p className="adm-muted mono">request {r.requestId}</p> : null}
                        {r.before ? (
                          <>
                            <p className="adm-details__label">Before</p>
                            <pre>{r.before}</pre>
                          </>
                        ) : null}
                        {r.after ? (
                          <>
                            <p className="adm-details__label">After</p>
                            <pre>{r.after}</pre>
                          </>
                        ) : null}
                      </details>
                    ) : (
                      <span className="adm-muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} hasNext={hasNext} summary={`Page ${page}`} label="Audit pages" />
    </>
  );
}

export const ErrorBoundary = AdminErrorPage;
