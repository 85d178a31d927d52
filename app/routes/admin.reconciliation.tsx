// Reconciliation: Stripe compared with the ledger. The latest runs, the differences of one run
// grouped by kind, and "Run now" (owner + finance; CSRF; audit-logged; enqueued on
// payments.reconcile and run by the worker — the page refreshes itself until it finishes).
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useNavigation, useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';
import { adminNotFound, guardAdmin, requireAdmin, runReconciliationWithForm, NO_STORE } from '~/services/web.server';
import { rolesFor } from '../../server/modules/admin/permissions';
import { DEFAULT_RUN_WINDOW_DAYS, getReconciliationRun, listReconciliationRuns, pendingReconciliationJobs, RUN_WINDOW_DAYS } from '~/services/payments.server';
import { AdminErrorPage } from '~/components/admin/AdminErrorPage';
import { PageHeader } from '~/components/admin/AdminShell';
import { AdminForm } from '~/components/admin/csrf';
import { formatUtc } from '~/components/admin/format';

export const meta: MetaFunction = () => [{ title: 'Reconciliation · DotShop Admin' }];

const KINDS: Record<string, { label: string; about: string }> = {
  missing_in_ledger: { label: 'Missing in the ledger', about: 'Stripe moved money (authorized, captured, refunded, withdrew for a dispute) that the ledger does not record.' },
  missing_in_stripe: { label: 'Missing at Stripe', about: 'The ledger records a movement Stripe does not have.' },
  amount_mismatch: { label: 'Amount mismatch', about: 'Both sides have the movement, with different amounts.' },
  status_mismatch: { label: 'Status mismatch', about: 'The order, refund or dispute is in a different state in DotShop than at Stripe.' },
};

const duration = (ms: number | null) => (ms === null ? '—' : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

export async function loader({ request, context }: LoaderFunctionArgs) {
  return guardAdmin(context, async () => {
    await requireAdmin(request, context, { roles: rolesFor('reconciliation.view') });
    // The primary: a run the worker finished a moment ago must show.
    const db = context.db.primary;
    const param = new URL(request.url).searchParams.get('run');
    const asked = param === null ? null : Number(param);
    if (asked !== null && !(Number.isSafeInteger(asked) && asked > 0)) adminNotFound(context.requestId);
    const [runs, pending] = await Promise.all([listReconciliationRuns(db, 30), pendingReconciliationJobs(db)]);
    const selectedId = asked ?? runs.find((r) => r.finishedAt)?.id ?? null;
    const selected = selectedId ? await getReconciliationRun(db, selectedId) : null;
    if (asked !== null && !selected) adminNotFound(context.requestId);
    return data(
      {
        pending,
        windowDays: RUN_WINDOW_DAYS,
        defaultDays: DEFAULT_RUN_WINDOW_DAYS,
        runs: runs.map((r) => ({
          id: r.id,
          startedAt: formatUtc(r.startedAt),
          window: `${formatUtc(r.windowStart)} → ${formatUtc(r.windowEnd)}`,
          trigger: r.trigger,
          finished: !!r.finishedAt,
          checked: r.checked,
          differences: r.differences,
          duration: duration(r.durationMs),
        })),
        selected: selected
          ? {
              id: selected.run.id,
              finished: !!selected.run.finishedAt,
              window: `${formatUtc(selected.run.windowStart)} → ${formatUtc(selected.run.windowEnd)}`,
              checked: selected.run.checked,
              differences: selected.run.differences,
              groups: selected.groups.map((g) => ({
                kind: g.kind,
                label: KINDS[g.kind]?.label ?? g.kind,
                about: KINDS[g.kind]?.about ?? '',
                total: g.total,
                items: g.items.map((d) => ({ id: d.id, objectType: d.objectType.replace('_', ' '), objectId: d.objectId, orderNumber: d.orderNumber, message: d.detail.message, expected: d.detail.expected, actual: d.detail.actual })),
              })),
            }
          : null,
      },
      { headers: NO_STORE },
    );
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return guardAdmin(context, async () => {
    const result = await runReconciliationWithForm(request, context);
    return data(result, { status: result.ok ? 200 : result.status, headers: NO_STORE });
  });
}

export default function AdminReconciliation() {
  const { runs, selected, pending, windowDays, defaultDays } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const busy = navigation.state === 'submitting';
  // With JavaScript, a queued run shows up by itself: look again every few seconds until it is done.
  useEffect(() => {
    if (!pending) return;
    const t = setInterval(() => {
      if (revalidator.state === 'idle') revalidator.revalidate();
    }, 3000);
    return () => clearInterval(t);
  }, [pending, revalidator]);

  return (
    <>
      <PageHeader
        title="Reconciliation"
        description="Stripe compared with the ledger: every authorization, capture, refund and dispute. Runs hourly over the last 48 hours."
        actions={
          <AdminForm className="adm-toolbar" data-testid="reconcile-form">
            <label htmlFor="reconcile-days">Window</label>
            <select id="reconcile-days" name="days" defaultValue={defaultDays} className="adm-input adm-input--select">
              {windowDays.map((d) => (
                <option key={d} value={d}>
                  Last {d === 1 ? '24 hours' : `${d} days`}
                </option>
              ))}
            </select>
            <button type="submit" className="adm-button" disabled={busy}>
              Run now
            </button>
          </AdminForm>
        }
      />
      {result ? (
        <p className={result.ok ? 'adm-notice' : 'adm-alert'} role={result.ok ? 'status' : 'alert'} data-testid="reconcile-result">
          {result.message}
        </p>
      ) : null}
      {pending ? (
        <p className="adm-notice" role="status" data-testid="reconcile-pending">
          {pending} run{pending === 1 ? '' : 's'} queued or running. <Link to=".">Refresh</Link>
        </p>
      ) : null}

      <section className="adm-panel" aria-labelledby="runs-heading">
        <div className="adm-panel__head">
          <h2 id="runs-heading">Latest runs</h2>
        </div>
        {runs.length === 0 ? (
          <p className="adm-empty">No runs yet. The first scheduled run happens within the hour.</p>
        ) : (
          <div className="adm-table-wrap">
            <table className="adm-table" data-testid="runs-table">
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Started</th>
                  <th scope="col">Window</th>
                  <th scope="col">Trigger</th>
                  <th scope="col" className="num">
                    Checked
                  </th>
                  <th scope="col" className="num">
                    Differences
                  </th>
                  <th scope="col" className="num">
                    Duration
                  </th>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <tr key={r.id} aria-current={selected?.id === r.id ? 'true' : undefined}>
                    <td>
                      <Link to={`?run=${r.id}`} className="adm-link">
                        #{r.id}
                      </Link>
                    </td>
                    <td>{r.startedAt}</td>
                    <td>{r.window}</td>
                    <td>{r.trigger}</td>
                    <td className="num">{r.finished ? r.checked : '—'}</td>
                    <td className="num">{r.finished ? <span className={`adm-badge${r.differences ? ' adm-badge--alert' : ''}`}>{r.differences}</span> : <span className="adm-muted">unfinished</span>}</td>
                    <td className="num">{r.duration}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {selected ? (
        <section className="adm-panel" aria-labelledby="run-heading" data-testid="run-differences">
          <div className="adm-panel__head">
            <h2 id="run-heading">
              Run #{selected.id} · {selected.window}
            </h2>
          </div>
          {!selected.finished ? (
            <p className="adm-empty">This run has not finished (it is running, or it failed and will be retried).</p>
          ) : selected.groups.length === 0 ? (
            <p className="adm-empty">No differences: Stripe and the ledger agree on all {selected.checked} objects checked.</p>
          ) : (
            <div className="adm-table-wrap">
              <table className="adm-table adm-table--grouped">
                <thead>
                  <tr>
                    <th scope="col">Object</th>
                    <th scope="col">Order</th>
                    <th scope="col">Difference</th>
                    <th scope="col">Stripe (expected)</th>
                    <th scope="col">DotShop (actual)</th>
                  </tr>
                </thead>
                {selected.groups.map((g) => (
                  <tbody key={g.kind} className="adm-group" data-testid={`differences-${g.kind}`}>
                    <tr className="adm-group__head">
                      <th scope="rowgroup" colSpan={5}>
                        <span className="adm-group__title">{g.label}</span>
                        <span className="adm-group__meta">
                          {g.total} · {g.about}
                          {g.total > g.items.length ? ` Showing the first ${g.items.length}.` : ''}
                        </span>
                      </th>
                    </tr>
                    {g.items.map((d) => (
                      <tr key={d.id}>
                        <td>
                          <span className="adm-muted">{d.objectType}</span> <span className="mono">{d.objectId}</span>
                        </td>
                        <td>{d.orderNumber ? <Link to={`/admin/orders/${d.orderNumber}`}>{d.orderNumber}</Link> : '—'}</td>
                        <td>{d.message}</td>
                        <td>{d.expected}</td>
                        <td>{d.actual}</td>
                      </tr>
                    ))}
                  </tbody>
                ))}
              </table>
            </div>
          )}
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
