// Shopify sync: lag p50/p95 both ways (last hour and day) with a per-5-minute p95 chart, backlogs,
// the last webhook, dead-lettered pushes with Retry (owner; CSRF; audit-logged; pg-boss retry run
// by the worker), the oversell-risk list and inventory drift: the last passes over the whole catalog
// (every 15 minutes, ADR 028), the SKUs drifting in the last one, and "Run drift pass now" (owner).
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { guardAdmin, requireAdmin, syncPageAction, NO_STORE } from '~/services/web.server';
import { can } from '../../server/modules/admin/permissions';
import { DRIFT_PASS_INTERVAL_SECONDS, inventoryDriftReport, listDeadLetteredPushes, findOversellRisks, LAG_ALERT_MS, lagBuckets, lastWebhook, syncHealth, type Percentiles } from '~/services/shopify-sync.server';
import { AdminErrorPage } from '~/components/admin/AdminErrorPage';
import { PageHeader } from '~/components/admin/AdminShell';
import { AdminForm } from '~/components/admin/csrf';
import { formatUtc } from '~/components/admin/format';

export const meta: MetaFunction = () => [{ title: 'Shopify sync · DotShop Admin' }];

const fmtMs = (v: number | null) => (v === null ? '—' : v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(2)} s`);

export async function loader({ request, context }: LoaderFunctionArgs) {
  return guardAdmin(context, async () => {
    const admin = await requireAdmin(request, context);
    // The primary: queue sizes and dead letters must be current.
    const db = context.db.primary;
    const [health, buckets, webhook, dead, risks, drift] = await Promise.all([
      syncHealth(db),
      lagBuckets(db),
      lastWebhook(db),
      listDeadLetteredPushes(db),
      findOversellRisks(db, 100),
      inventoryDriftReport(db),
    ]);
    const pct = (p: Percentiles) => ({ p50: fmtMs(p.p50), p95: fmtMs(p.p95), n: p.n, alert: p.p95 !== null && p.p95 > LAG_ALERT_MS });
    const now = Date.now();
    return data(
      {
        canRetry: can(admin.user.role, 'shopify.retry_push'),
        canRunDriftPass: can(admin.user.role, 'shopify.run_drift_pass'),
        alert: health.alert,
        reasons: health.reasons,
        lag: (['hour', 'day'] as const).map((w) => {
          const r = health[w];
          return { window: w === 'hour' ? 'Last hour' : 'Last day', inboundApplied: pct(r.inboundApplied), inboundPurged: pct(r.inboundPurged), outbound: pct(r.outbound) };
        }),
        chart: {
          // The threshold travels in the data: LAG_ALERT_MS comes from a .server module, which the
          // browser build empties — read there it was undefined, so every y was NaN after hydration
          // and the server's and the browser's markup disagreed (React #418/#425/#423).
          alertMs: LAG_ALERT_MS,
          from: now - 3600_000,
          to: now,
          buckets: buckets.map((b) => ({ t: b.bucket.getTime(), direction: b.direction, p95: b.p95, n: b.n })),
        },
        backlog: health.backlog.queues,
        unprocessedWebhooks: health.backlog.unprocessedWebhooks,
        oldestUnprocessed: health.backlog.oldestUnprocessedAt ? formatUtc(health.backlog.oldestUnprocessedAt) : null,
        backlogGrowing: health.backlogGrowing,
        webhook: webhook ? { eventId: webhook.eventId, type: webhook.type, receivedAt: formatUtc(webhook.receivedAt), processed: !!webhook.processedAt } : null,
        dead: dead.map((d) => ({ ...d, failedAt: formatUtc(d.failedAt) })),
        risks: risks.map((r) => ({ ...r, availableAt: formatUtc(r.availableAt) })),
        drift: {
          intervalMinutes: DRIFT_PASS_INTERVAL_SECONDS / 60,
          lastFinished: drift.lastFinished
            ? { id: drift.lastFinished.id, finishedAt: formatUtc(drift.lastFinished.finishedAt!), compared: drift.lastFinished.skusCompared, drifting: drift.lastFinished.drifting }
            : null,
          passes: drift.passes.map((p) => ({
            id: p.id,
            trigger: p.trigger,
            status: p.status,
            startedAt: formatUtc(p.startedAt),
            finishedAt: p.finishedAt ? formatUtc(p.finishedAt) : null,
            seconds: p.finishedAt ? Math.round((p.finishedAt.getTime() - p.startedAt.getTime()) / 100) / 10 : null,
            compared: p.skusCompared,
            drifting: p.drifting,
            pages: p.pages,
            throttleWaits: p.throttleWaits,
            error: p.error,
          })),
          skus: drift.skus.map((r) => ({
            id: r.shopifyVariantId,
            sku: r.sku,
            dotshop: r.dotshopAvailable,
            shopify: r.shopifyAvailable,
            firstSeenAt: formatUtc(r.firstSeenAt),
            passes: r.passes,
          })),
        },
      },
      { headers: NO_STORE },
    );
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return guardAdmin(context, async () => {
    const result = await syncPageAction(request, context);
    return data(result, { status: result.ok ? 200 : result.status, headers: NO_STORE });
  });
}

/** p95 per 5-minute bucket over the last hour: inbound (applied) and outbound (acknowledged) side by side, 5 s line. */
function LagChart({ alertMs, from, to, buckets }: { alertMs: number; from: number; to: number; buckets: { t: number; direction: 'inbound' | 'outbound'; p95: number; n: number }[] }) {
  const W = 600;
  const H = 160;
  const pad = { l: 44, r: 8, t: 8, b: 22 };
  const slots = 12;
  const slotW = (W - pad.l - pad.r) / slots;
  const start = Math.floor(from / 300_000) * 300_000;
  const max = Math.max(alertMs * 1.2, ...buckets.map((b) => b.p95));
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - Math.min(v, max) / max);
  const ticks = [0, max / 2, max];
  return (
    // Drawn at its own size (labels at 10 px), shrinking on a narrow column, never stretched.
    <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} style={{ maxWidth: '100%', height: 'auto' }} role="img" aria-label="Sync lag p95 per 5 minutes over the last hour" data-testid="lag-chart">
      {ticks.map((v) => (
        <g key={v}>
          <line x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} stroke="#e5e7eb" />
          <text x={pad.l - 4} y={y(v) + 4} fontSize="10" textAnchor="end" fill="#6b7280">
            {fmtMs(v)}
          </text>
        </g>
      ))}
      <line x1={pad.l} x2={W - pad.r} y1={y(alertMs)} y2={y(alertMs)} stroke="#dc2626" strokeDasharray="4 3" />
      <text x={W - pad.r} y={y(alertMs) - 3} fontSize="10" textAnchor="end" fill="#dc2626">
        {fmtMs(alertMs)} alert
      </text>
      {buckets.map((b) => {
        const slot = Math.floor((b.t - start) / 300_000);
        if (slot < 0 || slot >= slots + 1) return null;
        const x = pad.l + Math.min(slot, slots - 1) * slotW + (b.direction === 'inbound' ? 2 : slotW / 2);
        return (
          <rect key={`${b.t}-${b.direction}`} x={x} y={y(b.p95)} width={slotW / 2 - 3} height={H - pad.b - y(b.p95)} fill={b.direction === 'inbound' ? '#2563eb' : '#059669'}>
            <title>{`${b.direction} p95 ${fmtMs(b.p95)} (${b.n} samples) from ${new Date(b.t).toISOString().slice(11, 16)} UTC`}</title>
          </rect>
        );
      })}
      <text x={pad.l} y={H - 6} fontSize="10" fill="#6b7280">
        {new Date(from).toISOString().slice(11, 16)} UTC
      </text>
      <text x={W - pad.r} y={H - 6} fontSize="10" fill="#6b7280" textAnchor="end">
        {new Date(to).toISOString().slice(11, 16)} UTC · <tspan fill="#2563eb">■ inbound</tspan> <tspan fill="#059669">■ outbound</tspan>
      </text>
    </svg>
  );
}

export default function AdminSync() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const drift = d.drift;
  const pct = drift.lastFinished && drift.lastFinished.compared ? ((drift.lastFinished.drifting / drift.lastFinished.compared) * 100).toFixed(1) : null;

  return (
    <>
      <PageHeader
        title="Shopify sync"
        description="Inbound: Shopify's change → projection applied → storefront purged. Outbound: order committed → Shopify acknowledged. An alert fires when a p95 passes 5 s or a backlog keeps growing."
      />
      {result ? (
        <p className={result.ok ? 'adm-notice' : 'adm-alert'} role={result.ok ? 'status' : 'alert'} data-testid="sync-result">
          {result.message}
        </p>
      ) : null}
      {d.alert ? (
        <p className="adm-alert" role="alert" data-testid="sync-alert">
          Sync alert: {d.reasons.join('; ')}
        </p>
      ) : null}

      <section className="adm-panel" aria-labelledby="lag-heading">
        <div className="adm-panel__head">
          <h2 id="lag-heading">Lag</h2>
        </div>
        <div className="adm-table-wrap">
          <table className="adm-table" data-testid="lag-table">
            <thead>
              <tr>
                <th scope="col">Window</th>
                <th scope="col">Inbound applied p50 / p95</th>
                <th scope="col">Inbound purged p50 / p95</th>
                <th scope="col">Outbound p50 / p95</th>
              </tr>
            </thead>
            <tbody>
              {d.lag.map((l) => (
                <tr key={l.window}>
                  <th scope="row">{l.window}</th>
                  {[l.inboundApplied, l.inboundPurged, l.outbound].map((p, i) => (
                    <td key={i} className={p.alert ? 'adm-badge adm-badge--alert' : undefined}>
                      {p.p50} / {p.p95} <span className="adm-muted">({p.n})</span>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <LagChart {...d.chart} />
      </section>

      <section className="adm-panel" aria-labelledby="backlog-heading">
        <div className="adm-panel__head">
          <h2 id="backlog-heading">Backlog</h2>
        </div>
        <div className="adm-table-wrap">
          <table className="adm-table" data-testid="backlog-table">
            <thead>
              <tr>
                <th scope="col">Queue</th>
                <th scope="col" className="num">
                  Queued
                </th>
                <th scope="col" className="num">
                  Running
                </th>
                <th scope="col" className="num">
                  Dead-lettered
                </th>
              </tr>
            </thead>
            <tbody>
              {d.backlog.map((q) => (
                <tr key={q.queue}>
                  <td className="mono">{q.queue}</td>
                  <td className="num">{q.queued}</td>
                  <td className="num">{q.active}</td>
                  <td className="num">{q.failed ? <span className="adm-badge adm-badge--alert">{q.failed}</span> : 0}</td>
                </tr>
              ))}
              <tr>
                <td>Shopify webhooks received, not applied</td>
                <td className="num" data-testid="unprocessed-webhooks">
                  {d.unprocessedWebhooks}
                </td>
                <td colSpan={2} className="adm-muted">
                  {d.oldestUnprocessed ? `oldest ${d.oldestUnprocessed}` : ''}
                  {d.backlogGrowing ? ' · growing' : ''}
                </td>
              </tr>
            </tbody>
          </table>
        </div>
        <p className="adm-muted" data-testid="last-webhook">
          Last webhook: {d.webhook ? `${d.webhook.type} (${d.webhook.eventId}) at ${d.webhook.receivedAt}${d.webhook.processed ? '' : ', not applied yet'}` : 'none received yet'}
        </p>
      </section>

      <section className="adm-panel" aria-labelledby="dead-heading">
        <div className="adm-panel__head">
          <h2 id="dead-heading">Dead-lettered pushes</h2>
        </div>
        {d.dead.length === 0 ? (
          <p className="adm-empty">None: every order push succeeded or is still being retried.</p>
        ) : (
          <div className="adm-table-wrap">
            <table className="adm-table" data-testid="dead-letter-table">
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Queue · key</th>
                  <th scope="col">Failed</th>
                  <th scope="col">Last error</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {d.dead.map((j) => (
                  <tr key={j.jobId}>
                    <td>{j.orderNumber ? <Link to={`/admin/orders/${j.orderNumber}`}>{j.orderNumber}</Link> : <span className="mono">{j.orderId ?? '—'}</span>}</td>
                    <td className="mono">
                      {j.queue}
                      {j.singletonKey ? ` · ${j.singletonKey}` : ''}
                    </td>
                    <td>
                      {j.failedAt} <span className="adm-muted">after {j.retries} retries</span>
                    </td>
                    <td>{j.error ?? '—'}</td>
                    <td>
                      {d.canRetry ? (
                        <AdminForm>
                          <input type="hidden" name="intent" value="retry" />
                          <input type="hidden" name="jobId" value={j.jobId} />
                          <button type="submit" className="adm-button" disabled={busy}>
                            Retry
                          </button>
                        </AdminForm>
                      ) : (
                        <span className="adm-muted">Owner can retry</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="adm-panel" aria-labelledby="risk-heading">
        <div className="adm-panel__head">
          <h2 id="risk-heading">Oversell risk</h2>
        </div>
        {d.risks.length === 0 ? (
          <p className="adm-empty">None: Shopify has at least the units DotShop holds for every SKU.</p>
        ) : (
          <div className="adm-table-wrap">
            <table className="adm-table" data-testid="oversell-risk-table">
              <thead>
                <tr>
                  <th scope="col">SKU</th>
                  <th scope="col">Product</th>
                  <th scope="col" className="num">
                    Shopify available
                  </th>
                  <th scope="col" className="num">
                    DotShop holds
                  </th>
                  <th scope="col" className="num">
                    Short by
                  </th>
                  <th scope="col">Level seen</th>
                </tr>
              </thead>
              <tbody>
                {d.risks.map((r) => (
                  <tr key={r.variantId}>
                    <td className="mono">{r.sku}</td>
                    <td>{r.title}</td>
                    <td className="num">{r.available}</td>
                    <td className="num">{r.openReservations}</td>
                    <td className="num">
                      <span className="adm-badge adm-badge--alert">{r.shortBy}</span>
                    </td>
                    <td>{r.availableAt}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="adm-panel" aria-labelledby="drift-heading">
        <div className="adm-panel__head">
          <h2 id="drift-heading">Inventory drift: DotShop vs Shopify</h2>
          {d.canRunDriftPass ? (
            <AdminForm className="adm-toolbar" data-testid="drift-pass-form">
              <input type="hidden" name="intent" value="drift-pass" />
              <button type="submit" className="adm-button" disabled={busy}>
                Run drift pass now
              </button>
            </AdminForm>
          ) : null}
        </div>
        <p className="adm-muted" data-testid="drift-summary">
          Every {drift.intervalMinutes} minutes a pass compares every SKU&apos;s available count with Shopify&apos;s (read-only; the hourly reconcile repairs).{' '}
          {drift.lastFinished
            ? `Last pass ${drift.lastFinished.finishedAt}: ${drift.lastFinished.drifting} of ${drift.lastFinished.compared} SKUs drifting (${pct ?? '0.0'} %).`
            : 'No pass has finished yet.'}
        </p>
        {drift.skus.length === 0 ? (
          <p className="adm-empty">{drift.lastFinished ? 'No SKU drifts: DotShop and Shopify agree on every count.' : 'Nothing to show until a pass finishes.'}</p>
        ) : (
          <div className="adm-table-wrap">
            <table className="adm-table" data-testid="drift-table">
              <thead>
                <tr>
                  <th scope="col">SKU</th>
                  <th scope="col" className="num">
                    DotShop available
                  </th>
                  <th scope="col" className="num">
                    Shopify
                  </th>
                  <th scope="col">Drifting since</th>
                  <th scope="col" className="num">
                    Passes in a row
                  </th>
                </tr>
              </thead>
              <tbody>
                {drift.skus.map((r) => (
                  <tr key={r.id}>
                    <td className="mono">{r.sku || r.id}</td>
                    <td className="num">{r.dotshop ?? 'not here'}</td>
                    <td className="num">{r.shopify ?? 'not on Shopify'}</td>
                    <td>{r.firstSeenAt}</td>
                    <td className="num">{r.passes >= 2 ? <span className="adm-badge adm-badge--alert">{r.passes}</span> : r.passes}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {drift.passes.length ? (
          <div className="adm-table-wrap">
            <table className="adm-table" data-testid="drift-passes-table">
              <caption className="adm-muted">Last passes</caption>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Trigger</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    SKUs compared
                  </th>
                  <th scope="col" className="num">
                    Drifting
                  </th>
                  <th scope="col" className="num">
                    Pages
                  </th>
                  <th scope="col" className="num">
                    Bucket waits
                  </th>
                  <th scope="col" className="num">
                    Took
                  </th>
                </tr>
              </thead>
              <tbody>
                {drift.passes.map((p) => (
                  <tr key={p.id}>
                    <td>{p.startedAt}</td>
                    <td>{p.trigger}</td>
                    <td>{p.status === 'failed' ? <span className="adm-badge adm-badge--alert" title={p.error ?? ''}>failed</span> : p.status}</td>
                    <td className="num">{p.compared}</td>
                    <td className="num">{p.drifting}</td>
                    <td className="num">{p.pages}</td>
                    <td className="num">{p.throttleWaits}</td>
                    <td className="num">{p.seconds === null ? '—' : `${p.seconds} s`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
