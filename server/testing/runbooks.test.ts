// Runbooks are written before they are needed, so their commands must keep working (issue 13):
// every shell block marked `<!-- check: read-only -->` in docs/runbooks/*.md runs here against a
// migrated database ($DATABASE_URL), the real web app ($DOTSHOP_URL: the HTTP entry with the
// scrape-time metric sources the web entry wires), the Stripe emulator ($STRIPE_API_BASE) and the
// Shopify emulator ($SHOPIFY_API_BASE), and must exit 0. Blocks without the mark change
// state and are not run. Every alert rule's runbook answers the five questions.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../db/testing/database';
import { createLogger } from '../platform/logger';
import { createBoss } from '../platform/boss';
import { createQueues } from '../platform/queues';
import type { PgBoss } from 'pg-boss';
import { watchMetricSources } from '../web/metric-sources';
import { startWebApp } from './web-app';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe/server';
import { startShopifyEmulator, type ShopifyEmulator } from '../../emulators/shopify/server';

const dir = path.resolve('docs/runbooks');
const pages = fs.readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md');
const checked = pages.flatMap((page) => {
  const text = fs.readFileSync(path.join(dir, page), 'utf8');
  return [...text.matchAll(/<!-- check: read-only -->\s*```sh\n([\s\S]*?)```/g)].map((m, i) => ({ page, i: i + 1, script: m[1] }));
});

let t: TestDatabase;
let boss: PgBoss;
let base = '';
let closeServer: () => void;
let stripe: StripeEmulator;
let shopify: ShopifyEmulator;

beforeAll(async () => {
  t = await createTestDatabase('runbooks');
  // pg-boss's schema and queues, as every running shop has them.
  boss = createBoss(t.url, createLogger('silent'), { max: 1 });
  await boss.start();
  await createQueues(boss);
  watchMetricSources(t, { region: 'local', replicaIsPrimary: true });
  stripe = await startStripeEmulator({ port: 0 });
  shopify = await startShopifyEmulator({ port: 0 });
  const app = await startWebApp({ db: t });
  base = app.url;
  closeServer = app.close;
}, 60_000);
afterAll(async () => {
  closeServer?.();
  await boss?.stop({ graceful: false, close: true });
  await stripe?.close();
  await shopify?.close();
  await t?.drop();
});

describe('runbooks', () => {
  it('every page answers what it means, how to confirm, mitigate, recover and verify', () => {
    expect(pages.length).toBeGreaterThanOrEqual(8);
    for (const page of pages) {
      const text = fs.readFileSync(path.join(dir, page), 'utf8');
      for (const heading of ['## What it means', '## Confirm', '## Mitigate', '## Recover', '## Verify']) expect(text, `${page}: ${heading}`).toContain(heading);
    }
  });

  it('has read-only commands to run', () => {
    expect(checked.length).toBeGreaterThanOrEqual(8);
  });

  // Asynchronously: the app the commands call serves from this process.
  const run = (script: string) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { env: { ...process.env, DATABASE_URL: t.url, DOTSHOP_URL: base, STRIPE_API_BASE: stripe.url, SHOPIFY_API_BASE: shopify.url, SHOPIFY_SHOP_DOMAIN: shopify.shopDomain, SHOPIFY_ACCESS_TOKEN: shopify.accessToken, SHOPIFY_API_SECRET: shopify.apiSecret, PGCONNECT_TIMEOUT: '5', LOG_LEVEL: 'warn' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('exit', (status) => resolve({ status, stdout, stderr }));
    });

  it.each(checked.map((c) => [`${c.page} block ${c.i}`, c] as const))('%s runs and exits 0', async (_name, c) => {
    const r = await run(c.script);
    expect(r.status, `${c.script}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`).toBe(0);
  }, 90_000);
});
