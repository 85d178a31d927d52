// Alert rules and dashboards against what the shop really exports (issue 13, ADR 023): the web
// process's /metrics — the real HTTP entry with the scrape-time sources the web entry wires
// (watchMetricSources) on a real database — must export every metric that a rule in
// infra/observability/alerts.yml or a panel in infra/observability/dashboards/*.json names, and
// every route id a rule or panel filters on must be a route of the app.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../db/testing/database';
import { watchMetricSources } from '../web/metric-sources';
import { startWebApp } from './web-app';

const dir = path.resolve('infra/observability');
type Rule = { alert?: string; record?: string; expr: string; labels?: Record<string, string>; annotations?: Record<string, string> };
const rules = (parse(fs.readFileSync(path.join(dir, 'alerts.yml'), 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
type Dashboard = { title: string; panels: { title: string; targets: { expr: string }[] }[] };
const dashboards = fs
  .readdirSync(path.join(dir, 'dashboards'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, dashboard: JSON.parse(fs.readFileSync(path.join(dir, 'dashboards', f), 'utf8')) as Dashboard }));

// PromQL's functions, aggregations and keywords: every other bare identifier in an expression is a metric.
const NOT_METRICS = new Set(
  'sum min max avg count stddev stdvar topk bottomk quantile count_values group by without on ignoring group_left group_right and or unless bool offset rate irate increase delta idelta deriv predict_linear histogram_quantile abs ceil floor round clamp clamp_min clamp_max absent absent_over_time changes resets time vector scalar label_replace label_join sort sort_desc avg_over_time min_over_time max_over_time sum_over_time count_over_time last_over_time humanize inf nan'.split(
    ' ',
  ),
);

/** Metric names an expression reads: label matchers, strings, grouping lists, ranges and numbers removed first. */
export function metricsIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  const names = bare.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  return [...new Set(names.filter((n) => !NOT_METRICS.has(n) && !/^\d/.test(n)))];
}

/** Route ids a `route=~"…"` or `route="…"` matcher names (regex escapes undone). */
function routesIn(expr: string): string[] {
  const out: string[] = [];
  for (const m of expr.matchAll(/route=~?"((?:[^"\\]|\\.)*)"/g)) {
    const value = m[1].replace(/\\\\/g, '\\');
    for (const alt of value.split('|')) out.push(alt.replace(/\\(.)/g, '$1'));
  }
  return out;
}

const recorded = new Set(rules.filter((r) => r.record).map((r) => r.record!));
const PROMETHEUS_OWN = new Set(['up']);

let t: TestDatabase;
let exported: Set<string>;
let closeServer: () => void;

beforeAll(async () => {
  t = await createTestDatabase('observability');
  // As server/bin/web.ts does.
  watchMetricSources(t, { region: 'us-east-1', replicaIsPrimary: true });
  const app = await startWebApp({ db: t });
  closeServer = app.close;
  const text = await (await fetch(`${app.url}/metrics`)).text();
  exported = new Set();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    exported.add(m[1]);
    if (m[2] === 'histogram') for (const s of ['_bucket', '_count', '_sum']) exported.add(m[1] + s);
    if (m[2] === 'summary') for (const s of ['_count', '_sum']) exported.add(m[1] + s);
  }
}, 60_000);
afterAll(async () => {
  closeServer?.();
  await t?.drop();
});

describe('alert rules name only what the shop exports', () => {
  it('finds the metrics of a PromQL expression', () => {
    expect(metricsIn('sum(rate(http_request_errors_total{method="POST", route=~"a|b"}[5m])) / sum by (le) (rate(x_bucket[5m])) > 0.02')).toEqual(['http_request_errors_total', 'x_bucket']);
    expect(metricsIn('max by (queue) (dotshop_jobs_dead_lettered) > 0 and deriv(y[10m]) > 0')).toEqual(['dotshop_jobs_dead_lettered', 'y']);
  });

  it.each(rules.map((r) => [r.alert ?? r.record!, r] as const))('%s', (_name, rule) => {
    const missing = metricsIn(rule.expr).filter((m) => !exported.has(m) && !recorded.has(m) && !PROMETHEUS_OWN.has(m));
    expect(missing, `not exported by /metrics`).toEqual([]);
    if (rule.alert) {
      expect(rule.labels?.severity).toMatch(/^(page|ticket)$/);
      expect(rule.annotations?.summary?.length).toBeGreaterThan(20);
      expect(rule.annotations?.runbook_url).toMatch(/\/docs\/runbooks\/[a-z-]+\.md$/);
      expect(fs.existsSync(path.resolve('docs/runbooks', rule.annotations!.runbook_url.split('/docs/runbooks/')[1])), rule.annotations!.runbook_url).toBe(true);
    }
  });
});

describe('dashboards name only what the shop exports', () => {
  it.each(dashboards.map((d) => [d.file, d.dashboard] as const))('%s', (_file, dashboard) => {
    expect(dashboard.panels.length).toBeGreaterThan(0);
    for (const panel of dashboard.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const { expr } of panel.targets) {
        const missing = metricsIn(expr).filter((m) => !exported.has(m) && !recorded.has(m) && !PROMETHEUS_OWN.has(m));
        expect(missing, `${dashboard.title} › ${panel.title}: not exported by /metrics`).toEqual([]);
      }
    }
  });
});

describe('route ids in rules and dashboards are routes of the app', () => {
  const exprs = [...rules.map((r) => r.expr), ...dashboards.flatMap((d) => d.dashboard.panels.flatMap((p) => p.targets.map((x) => x.expr)))];
  const routes = [...new Set(exprs.flatMap(routesIn))];
  it.each(routes.map((r) => [r]))('%s', (route) => {
    const file = route.replace(/^routes\//, 'app/routes/');
    expect(fs.existsSync(`${file}.tsx`) || fs.existsSync(`${file}.ts`), `${file}.ts(x)`).toBe(true);
  });
});
