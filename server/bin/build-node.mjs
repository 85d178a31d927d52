// `npm run build`, second half: bundles the two production entry points (web, worker) to plain
// JavaScript in build/node/ with esbuild, so the container runs `node build/node/web.js` with
// production dependencies only — no TypeScript compiler or tsx at run time (ADR 017). Packages
// stay external (installed by `npm ci --omit=dev`); our own code is one file per entry.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const outdir = path.resolve('build/node');
fs.rmSync(outdir, { recursive: true, force: true });
const started = performance.now();
const result = await build({
  // web and worker are the two container commands; the operators' commands ship too.
  entryPoints: { web: 'server/bin/web.ts', worker: 'jobs/worker.ts', 'check-invariants': 'server/bin/check-invariants.ts', 'shopify-backfill': 'server/bin/shopify-backfill.ts' },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  packages: 'external',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});
// db/migrate.ts finds its SQL next to itself (import.meta.url): next to the bundle now.
fs.cpSync('db/migrations', path.join(outdir, 'migrations'), { recursive: true });
// `node --import ./build/node/otel-hooks.mjs build/node/web.js`: tracing's ESM loader hook (ADR 023).
fs.copyFileSync('server/bin/otel-hooks.mjs', path.join(outdir, 'otel-hooks.mjs'));
const sizes = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.js'))
  .map(([file, out]) => `${path.basename(file)} ${(out.bytes / 1024).toFixed(0)} kB`);
console.log(`[build-node] ${sizes.join(', ')} in ${Math.round(performance.now() - started)} ms → ${path.relative(process.cwd(), outdir)}/`);
