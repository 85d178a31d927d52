// Traces: the last traces this web process kept in memory (the worker's arrive too in local mode),
// newest first; one trace as a waterfall — a bar per span, placed and sized by its time within
// the trace, indented under its parent. Owners only. ADR 023.
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { rolesFor } from '../../server/modules/admin/permissions';
import { guardAdmin, NO_STORE, requireAdmin } from '~/services/web.server';
import { summarizeTrace, traceRing, tracingOn, type SpanRecord } from '~/services/platform.server';
import { AdminErrorPage } from '~/components/admin/AdminErrorPage';
import { PageHeader } from '~/components/admin/AdminShell';
import { formatUtc } from '~/components/admin/format';

export const meta: MetaFunction = () => [{ title: 'Traces · DotShop Admin' }];

const ms = (v: number) => (v < 1 ? `${v.toFixed(2)} ms` : v < 1000 ? `${v.toFixed(1)} ms` : `${(v / 1000).toFixed(2)} s`);
const KINDS = ['internal', 'server', 'client', 'producer', 'consumer'];

/** Depth-first order (children after their parent, by start time) with each span's depth. */
function waterfall(spans: SpanRecord[]) {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | null, SpanRecord[]>();
  for (const s of spans) {
    const parent = s.parentSpanId && ids.has(s.parentSpanId) ? s.parentSpanId : null;
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  const out: { span: SpanRecord; depth: number }[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const s of (children.get(parent) ?? []).sort((a, b) => a.startMs - b.startMs)) {
      out.push({ span: s, depth });
      visit(s.spanId, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  return guardAdmin(context, async () => {
    await requireAdmin(request, context, { roles: rolesFor('traces.view') });
    const ring = traceRing();
    const wanted = new URL(request.url).searchParams.get('trace');
    const list = (ring?.list() ?? []).map((t) => ({ ...t, at: formatUtc(new Date(t.startedAt)), duration: ms(t.durationMs) }));
    let selected = null;
    if (wanted && /^[0-9a-f]{32}$/.test(wanted)) {
      const spans = ring?.get(wanted);
      if (spans?.length) {
        const summary = summarizeTrace(wanted, spans);
        const total = Math.max(summary.durationMs, 0.001);
        selected = {
          ...summary,
          duration: ms(summary.durationMs),
          at: formatUtc(new Date(summary.startedAt)),
          rows: waterfall(spans).map(({ span, depth }) => ({
            id: span.spanId,
            name: span.name,
            service: span.service,
            kind: KINDS[span.kind] ?? 'internal',
            depth,
            error: span.status === 'error',
            // Percentages computed here, rounded, so the server's and the browser's markup match.
            left: Math.round(((span.startMs - summary.startedAt) / total) * 10000) / 100,
            width: Math.max(0.2, Math.round((span.durationMs / total) * 10000) / 100),
            duration: ms(span.durationMs),
            detail: Object.entries(span.attributes)
              .filter(([k]) => k !== 'db.query.text')
              .map(([k, v]) => `${k}=${String(v)}`)
              .join('  '),
            statement: typeof span.attributes['db.query.text'] === 'string' ? String(span.attributes['db.query.text']).slice(0, 2000) : null,
          })),
        };
      }
    }
    return data({ on: tracingOn(), traces: list, selected, wanted }, { headers: NO_STORE });
  });
}

export default function AdminTraces() {
  const { on, traces, selected, wanted } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Traces" description="The last traces this process kept in memory: one request, its SQL, its calls to Stripe and Shopify and the jobs it caused, as a waterfall." />
      {!on ? <p className="adm-empty">Tracing is off in this process (DOTSHOP_TRACING=off).</p> : null}
      {wanted && !selected ? <p className="adm-empty">That trace is no longer in memory.</p> : null}
      {selected ? (
        <section className="adm-card adm-trace" data-testid="trace-waterfall" aria-label={`Trace ${selected.traceId}`}>
          <p className="adm-trace__head">
            <strong>{selected.root}</strong> <span className="adm-muted">· {selected.spans} spans · {selected.duration} · {selected.at} · </span>
            <code className="adm-code">{selected.traceId}</code> <Link to="/admin/traces">All traces</Link>
          </p>
          <ol className="adm-waterfall">
            {selected.rows.map((r) => (
              <li key={r.id} className={r.error ? 'adm-waterfall__row adm-waterfall__row--error' : 'adm-waterfall__row'} data-testid="trace-span">
                <details>
                  <summary>
                    <span className="adm-waterfall__name" style={{ paddingLeft: `${r.depth * 14}px` }}>
                      {r.name} <span className="adm-muted">{r.service !== selected.service ? `· ${r.service}` : ''}</span>
                    </span>
                    <span className="adm-waterfall__track" aria-hidden="true">
                      <span className={`adm-waterfall__bar adm-waterfall__bar--${r.kind}`} style={{ left: `${r.left}%`, width: `${r.width}%` }} />
                    </span>
                    <span className="adm-waterfall__ms mono">{r.duration}</span>
                  </summary>
                  <p className="adm-muted mono">
                    {r.kind} · {r.detail}
                  </p>
                  {r.statement ? <pre>{r.statement}</pre> : null}
                </details>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {traces.length === 0 ? (
        <p className="adm-empty">No traces yet: place an order in the shop, then come back.</p>
      ) : (
        <div className="adm-table-wrap">
          <table className="adm-table" data-testid="traces-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Root</th>
                <th scope="col">Service</th>
                <th scope="col">Spans</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {traces.map((t) => (
                <tr key={t.traceId} className={t.error ? 'adm-row--error' : undefined}>
                  <td className="nowrap mono">{t.at}</td>
                  <td>
                    <Link to={`/admin/traces?trace=${t.traceId}`}>{t.root}</Link>
                  </td>
                  <td>{t.service}</td>
                  <td className="mono">{t.spans}</td>
                  <td className="mono">{t.duration}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export const ErrorBoundary = AdminErrorPage;
