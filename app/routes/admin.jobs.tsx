// Jobs: every queue with queued / active / retrying / failed (dead-lettered) counts and throughput,
// the failed jobs of every queue with their last error, and Retry / Discard for an owner (CSRF;
// audit-logged; run by the worker). Issue 13 §7.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { guardAdmin, jobsPageAction, NO_STORE, requireAdmin } from '~/services/web.server';
import { can } from '../../server/modules/admin/permissions';
import { listFailedJobs, listJobQueues } from '~/services/admin.server';
import { AdminErrorPage } from '~/components/admin/AdminErrorPage';
import { PageHeader } from '~/components/admin/AdminShell';
import { AdminForm } from '~/components/admin/csrf';
import { formatUtc } from '~/components/admin/format';

export const meta: MetaFunction = () => [{ title: 'Jobs · DotShop Admin' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return guardAdmin(context, async () => {
    const admin = await requireAdmin(request, context);
    // The primary: a job retried a moment ago must show as such.
    const db = context.db.primary;
    const [queues, failed] = await Promise.all([listJobQueues(db), listFailedJobs(db, 100)]);
    return data(
      {
        canManage: can(admin.user.role, 'jobs.manage'),
        queues,
        failed: failed.map((f) => ({ ...f, failedAt: formatUtc(f.failedAt) })),
      },
      { headers: NO_STORE },
    );
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return guardAdmin(context, async () => {
    const result = await jobsPageAction(request, context);
    return data(result, { status: result.ok ? 200 : result.status, headers: NO_STORE });
  });
}

export default function AdminJobs() {
  const { canManage, queues, failed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  return (
    <>
      <PageHeader title="Jobs" description="Every queue of the worker: what waits, runs, retries, and what exhausted its retries and waits for a person." />
      {result ? (
        <p className={result.ok ? 'adm-notice' : 'adm-alert'} role={result.ok ? 'status' : 'alert'} data-testid="jobs-result">
          {result.message}
        </p>
      ) : null}
      <section className="adm-panel" aria-labelledby="queues-heading">
        <div className="adm-panel__head">
          <h2 id="queues-heading">Queues</h2>
        </div>
        <div className="adm-table-wrap">
          <table className="adm-table" data-testid="queues-table">
            <thead>
              <tr>
                <th scope="col">Queue</th>
                <th scope="col">Queued</th>
                <th scope="col">Active</th>
                <th scope="col">Retrying</th>
                <th scope="col">Failed (dead-lettered)</th>
                <th scope="col">Done last hour</th>
              </tr>
            </thead>
            <tbody>
              {queues.map((q) => (
                <tr key={q.queue} className={q.deadLettered ? 'adm-row--error' : undefined}>
                  <td>
                    <code className="adm-code">{q.queue}</code>
                  </td>
                  <td className="mono">{q.created}</td>
                  <td className="mono">{q.active}</td>
                  <td className="mono">{q.retry}</td>
                  <td className="mono">{q.deadLettered}</td>
                  <td className="mono">{q.completedLastHour}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="adm-panel" aria-labelledby="failed-heading">
        <div className="adm-panel__head">
          <h2 id="failed-heading">Failed jobs</h2>
        </div>
        {failed.length === 0 ? (
          <p className="adm-empty">No failed jobs.</p>
        ) : (
          <div className="adm-table-wrap">
            <table className="adm-table" data-testid="failed-jobs">
              <thead>
                <tr>
                  <th scope="col">Failed</th>
                  <th scope="col">Queue</th>
                  <th scope="col">Order</th>
                  <th scope="col">Retries</th>
                  <th scope="col">Last error</th>
                  {canManage ? <th scope="col">Action</th> : null}
                </tr>
              </thead>
              <tbody>
                {failed.map((f) => (
                  <tr key={f.jobId} data-testid="failed-job" data-job-id={f.jobId}>
                    <td className="nowrap mono">{f.failedAt}</td>
                    <td>
                      <code className="adm-code">{f.queue}</code>
                    </td>
                    <td className="mono">{f.orderId ?? '—'}</td>
                    <td className="mono">{f.retries}</td>
                    <td>{f.error ?? '—'}</td>
                    {canManage ? (
                      <td className="nowrap">
                        <AdminForm method="post" style={{ display: 'inline' }}>
                          <input type="hidden" name="jobId" value={f.jobId} />
                          <button type="submit" name="intent" value="retry" className="adm-button adm-button--small" disabled={busy}>
                            Retry
                          </button>{' '}
                          <button type="submit" name="intent" value="discard" className="adm-button adm-button--small adm-button--ghost" disabled={busy}>
                            Discard
                          </button>
                        </AdminForm>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

export const ErrorBoundary = AdminErrorPage;
