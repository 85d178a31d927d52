// Issue 12: `npm run start:regions` — us-east on the primary, eu-west on a real streaming standby
// behind the WAN link. With eu-west's replica held behind on purpose, a client that wrote in
// eu-west reads its own write at once (its WAL-position cookie sends the read to the primary),
// while a client without the cookie reads the stale replica; /readyz shows the replica's state;
// one Ctrl-C stops both regions, the standby, the link and the primary.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { describe, expect, test } from 'vitest';
import { embeddedUrl, postgresAnswers, repoRoot } from './run';

const US = 3193;
const EU = 3194;
const PG = 54371;
const DB = 'dotshop_harness_regions';

describe('start:regions', () => {
  test('eu-west reads its own writes through a paused replica, and stops on one Ctrl-C', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PORT: String(US), STRIPE_EMULATOR_PORT: '12196', SHOPIFY_EMULATOR_PORT: '12197', EMBEDDED_PG_PORT: String(PG), EMBEDDED_PG_DIR: '.data/postgres-harness-regions', LOCAL_DB_NAME: DB, LOCAL_DB_RESET: '1', STRIPE_EMULATOR_STATE_FILE: '.data/stripe-harness-regions.json', WAN_RTT_MS: '40', LOG_LEVEL: 'warn', EMULATOR_LOG: 'errors' };
    for (const k of Object.keys(env)) if (/^(VITEST|TEST_|DATABASE_URL$)/.test(k)) delete env[k];
    const stack = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'server/bin/regions-stack.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    stack.stdout.on('data', (c) => (out += c));
    stack.stderr.on('data', (c) => (out += c));
    const exited = new Promise<number | null>((r) => stack.on('exit', (code) => r(code)));
    const standby = postgres(`postgres://postgres:dotshop-local@127.0.0.1:${PG + 1}/${DB}`, { max: 1, onnotice: () => {} });
    try {
      for (const end = Date.now() + 150_000; !out.includes('running in two regions'); await new Promise((r) => setTimeout(r, 200))) {
        if (Date.now() > end || stack.exitCode !== null) throw new Error(`start:regions did not come up:\n${out.slice(-3000)}`);
      }
      const ready = (await (await fetch(`http://127.0.0.1:${EU}/readyz`)).json()) as { status: string; region: string; replica: { healthy: boolean } };
      expect(ready, JSON.stringify(ready) + out.slice(-3000)).toMatchObject({ status: 'ready', region: 'eu-west', replica: { healthy: true } });
      expect(((await standby`select pg_is_in_recovery() as r`)[0] as { r: boolean }).r).toBe(true);

      await standby`select pg_wal_replay_pause()`;
      // A shopper's API client in eu-west (it keeps cookies): create a bag, add a line, read it back.
      const jar = new Map<string, string>();
      const call = async (method: string, path: string, body?: unknown, useJar = true) => {
        const r = await fetch(`http://127.0.0.1:${EU}${path}`, { method, headers: { 'Content-Type': 'application/json', Cookie: useJar ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : '', 'Idempotency-Key': crypto.randomUUID() }, body: body ? JSON.stringify(body) : undefined });
        for (const c of r.headers.getSetCookie()) {
          const [pair] = c.split(';');
          jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
        }
        return { status: r.status, body: (await r.json()) as { id?: string; lines?: unknown[] } };
      };
      const products = await fetch(`http://127.0.0.1:${EU}/api/v1/products?region=eu`).then((r) => r.json() as Promise<{ products: { variants?: { sku: string; available?: boolean }[]; handle: string }[] }>);
      const handle = products.products[0].handle;
      const detail = await fetch(`http://127.0.0.1:${EU}/api/v1/products/${handle}?region=eu`).then((r) => r.json() as Promise<{ variants: { sku: string }[] }>);
      const cart = await call('POST', '/api/v1/carts', { region: 'eu' });
      expect(cart.status).toBe(201);
      expect(jar.get('dotshop_lsn')).toMatch(/^[0-9A-F]+%2F[0-9A-F]+$/);
      const line = await call('POST', `/api/v1/carts/${cart.body.id}/lines`, { sku: detail.variants[0].sku, quantity: 1 });
      expect(line.status).toBe(201);
      const mine = await call('GET', `/api/v1/carts/${cart.body.id}?region=eu`);
      expect(mine.status).toBe(200);
      expect(mine.body.lines).toHaveLength(1);
      // Without the cookie the read goes to the paused replica, which has never seen this bag.
      const stranger = await call('GET', `/api/v1/carts/${cart.body.id}?region=eu`, undefined, false);
      expect(stranger.status).toBe(404);

      // A price changed in Shopify while the replica is still held behind: the sync commits on the
      // primary and purges eu-west's cached product page; the page rendered to refill the cache must
      // not read the held replica (it would store the old price until the next purge), so it reads
      // at or after the purge's WAL position (ADR 027): the new price, at once, and then from cache.
      const pagePath = `/eu/products/${handle}`;
      const priceSeen = async () => {
        const r = await fetch(`http://127.0.0.1:${EU}${pagePath}`, { headers: { Accept: 'text/html' } });
        return { html: await r.text(), cache: r.headers.get('x-origin-cache') };
      };
      await priceSeen();
      expect((await priceSeen()).cache).toBe('HIT');
      expect((await priceSeen()).html).not.toContain('777');
      for (const v of detail.variants) {
        const set = await fetch(`http://127.0.0.1:12197/_emulator/variants/${encodeURIComponent(v.sku)}/price`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ amount: '777.00', currency: 'EUR' }) });
        expect(set.status).toBeLessThan(400);
      }
      let fresh = await priceSeen();
      for (const end = Date.now() + 30_000; !fresh.html.includes('777') && Date.now() < end; await new Promise((r) => setTimeout(r, 200))) fresh = await priceSeen();
      expect(fresh.html, 'the purged page was refilled from the held replica').toContain('777');
      expect(await standby`select count(*)::int as n from variant_prices vp join variants v on v.id = vp.variant_id where v.sku = ${detail.variants[0].sku} and vp.currency = 'EUR' and vp.amount = 77700`).toEqual([{ n: 0 }]);
      const cached = await priceSeen();
      expect(cached.cache).toBe('HIT');
      expect(cached.html).toContain('777');
      await standby`select pg_wal_replay_resume()`;

      // The admin dashboard in eu-west shows its region and the replica's lag.
      const login = await fetch(`http://localhost:${EU}/admin/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: `http://localhost:${EU}` },
        body: new URLSearchParams({ intent: 'sign-in', email: 'owner@dotshop.local', password: 'dotshop-local-owner' }),
      });
      expect(login.status).toBe(302);
      const session = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const dashboard = await (await fetch(`http://localhost:${EU}/admin`, { headers: { Cookie: session } })).text();
      expect(dashboard).toContain('Region <!-- -->eu-west');
      expect(dashboard).toMatch(/Read replica (<!-- -->)?(healthy|skipped)/);
      expect(dashboard).toMatch(/data-testid="replica-lag">\d+\.\d{2} s</);

      // Every write above went to us-east's web tier once (ADR 024), not statement by statement over the WAN.
      const metrics = await (await fetch(`http://127.0.0.1:${EU}/metrics`)).text();
      const forwarded = Number(/dotshop_forwarded_write_seconds_count\{[^}]*outcome="answered"[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0);
      expect(forwarded).toBeGreaterThanOrEqual(3);

      // The primary lost (kill -9 of its postmaster): eu-west keeps serving its catalog from the
      // replica, its writes answer 503 primary_unavailable (at once, not after a 30 s hang) and write
      // nothing, /readyz says degraded (not down); us-east, which reads its primary, answers the calm
      // 503 page instead of the error boundary.
      const pid = Number(fs.readFileSync(path.join(repoRoot, '.data/postgres-harness-regions/postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 'SIGKILL');
      for (const end = Date.now() + 20_000; await postgresAnswers(embeddedUrl(PG)); await new Promise((r) => setTimeout(r, 100))) {
        if (Date.now() > end) throw new Error('the primary still answers after kill -9');
      }
      const page = await fetch(`http://127.0.0.1:${EU}/eu/products/${handle}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('</html>');
      const apiRead = await fetch(`http://127.0.0.1:${EU}/api/v1/products/${handle}?region=eu`);
      expect(apiRead.status).toBe(200);
      const cartsBefore = Number((await standby`select count(*)::int as n from carts`)[0].n);
      const refused = await call('POST', '/api/v1/carts', { region: 'eu' }, false);
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ error: { code: 'primary_unavailable' } });
      const degraded = (await (await fetch(`http://127.0.0.1:${EU}/readyz`)).json()) as { status: string; primary: { reachable: boolean } };
      expect(degraded).toMatchObject({ status: 'degraded', primary: { reachable: false } });
      const usPage = await fetch(`http://127.0.0.1:${US}/products/${handle}`, { headers: { Accept: 'text/html' } });
      expect(usPage.status).toBe(503);
      expect(usPage.headers.get('retry-after')).toBe('30');
      expect(await usPage.text()).toContain('We will be right back');
      expect(Number((await standby`select count(*)::int as n from carts`)[0].n)).toBe(cartsBefore);

      stack.kill('SIGINT');
      const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 60_000))]);
      expect(code, out.slice(-2000)).toBe(0);
      expect(await postgresAnswers(embeddedUrl(PG))).toBe(false);
      expect(await postgresAnswers(embeddedUrl(PG + 1))).toBe(false);
    } finally {
      await standby.end({ timeout: 1 }).catch(() => {});
      // A failed run must not leave its web, worker and emulators behind on these ports: the group goes.
      if (stack.exitCode === null) process.kill(-stack.pid!, 'SIGKILL');
    }
  }, 240_000);
});
