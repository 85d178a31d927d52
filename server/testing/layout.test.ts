// The layout's promises (issue 10, ADR 015), checked from the source itself: server/ stays a short
// list of entries, production code has no import cycle between top-level folders, modules are
// entered only through their doors, and nothing but tests and benches imports the emulators.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const TOP = ['app', 'server', 'jobs', 'db', 'emulators'];
const isTest = (f: string) => /\.test\.tsx?$/.test(f) || /(^|\/)testing\//.test(f) || f === 'server/web/api/test-context.ts';

function walk(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(rel);
    return /\.(ts|tsx)$/.test(e.name) ? [rel] : [];
  });
}

function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith('~/')) base = path.join('app', spec.slice(2));
  else if (spec.startsWith('.')) base = path.join(path.dirname(from), spec);
  else return null;
  for (const ext of ['', '.ts', '.tsx', '/index.ts']) if (fs.existsSync(path.join(root, base + ext)) && fs.statSync(path.join(root, base + ext)).isFile()) return path.normalize(base + ext);
  return null;
}

/** [file, imported file] for every static import and re-export of production code. */
function productionEdges(): Array<[string, string]> {
  const edges: Array<[string, string]> = [];
  for (const file of TOP.flatMap(walk).filter((f) => !isTest(f))) {
    const src = fs.readFileSync(path.join(root, file), 'utf8');
    for (const m of src.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
      const target = resolveImport(file, m[1]);
      if (target) edges.push([file, target]);
    }
  }
  return edges;
}

const topOf = (f: string) => f.split('/')[0];
const BROWSER_SAFE = ['server/modules/orders/order-status.ts', 'server/modules/checkout/pricing.ts', 'server/modules/admin/permissions.ts', 'server/modules/catalog/markets.ts'];

describe('the layout', () => {
  const edges = productionEdges();

  it('finds the imports it checks (the parser works)', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges).toContainEqual(['jobs/worker.ts', 'server/platform/queues.ts']);
  });

  it('server/ has at most six top-level entries', () => {
    const entries = fs.readdirSync(path.join(root, 'server'));
    expect(entries.length, entries.join(', ')).toBeLessThanOrEqual(6);
  });

  it('production code has no import cycle between top-level folders', () => {
    const graph = new Map<string, Set<string>>();
    for (const [a, b] of edges) if (topOf(a) !== topOf(b)) graph.set(topOf(a), (graph.get(topOf(a)) ?? new Set()).add(topOf(b)));
    const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
      [...(graph.get(from) ?? [])].some((n) => n === to || (!seen.has(n) && (seen.add(n), reaches(n, to, seen))));
    const cycles = [...graph.keys()].filter((top) => reaches(top, top));
    expect(cycles, JSON.stringify(Object.fromEntries([...graph].map(([k, v]) => [k, [...v]])))).toEqual([]);
  });

  it('modules are entered only through their index.ts door', () => {
    const around = edges.filter(([a, b]) => {
      const area = /^server\/modules\/([^/]+)\//.exec(b)?.[1];
      if (!area || b === `server/modules/${area}/index.ts`) return false;
      // Pure shared data the browser needs without the door's server code (see eslint.config.js).
      if (BROWSER_SAFE.includes(b) && a.startsWith('app/')) return false;
      return !a.startsWith(`server/modules/${area}/`);
    });
    expect(around).toEqual([]);
  });

  it('only tests, benches and the local stack (by path) use the emulators', () => {
    expect(edges.filter(([a, b]) => topOf(b) === 'emulators' && topOf(a) !== 'emulators')).toEqual([]);
  });

  it('modules import neither Remix nor the queue runtime', () => {
    const offenders = walk('server/modules')
      .filter((f) => !isTest(f))
      .filter((f) => /from '(@remix-run\/[^']+|pg-boss)'/.test(fs.readFileSync(path.join(root, f), 'utf8').replace(/import type [^;]+;/g, '')));
    expect(offenders).toEqual([]);
  });

  const production = () => ['server', 'jobs', 'app'].flatMap(walk).filter((f) => !isTest(f));
  const writersOf = (pattern: RegExp) => production().filter((f) => pattern.test(fs.readFileSync(path.join(root, f), 'utf8')));

  it('the audit log has one writer (which redacts secrets)', () => {
    expect(writersOf(/insert\(auditLog\)|insert\s+into\s+audit_log/i)).toEqual(['server/modules/admin/audit.ts']);
  });

  it("an order's status has one writer (with its timeline and audit rows)", () => {
    expect(writersOf(/\.update\(orders\)\s*\.set\(\{[^}]*status|update\s+orders\s+set\s+status/i)).toEqual(['server/modules/orders/change-status.ts']);
  });

  it("pg-boss's own tables are read in one module", () => {
    expect(writersOf(/pgboss\.(job|queue)\b/)).toEqual(['server/platform/job-state.ts']);
  });
});
