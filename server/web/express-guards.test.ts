import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectCrossSiteAdminPosts, rejectCrossSiteStorefrontPosts, rejectNulInUrl } from './express-guards';

let base = '';
let close: () => void;
beforeAll(async () => {
  const app = express();
  app.use(rejectNulInUrl());
  app.use('/admin', rejectCrossSiteAdminPosts({ publicUrl: 'https://shop.example' }));
  app.all('*', (_req, res) => {
    res.send('reached');
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close?.());

const post = (path: string, headers: Record<string, string>) => fetch(`${base}${path}`, { method: 'POST', headers, body: 'x=1' });

describe('rejectCrossSiteAdminPosts', () => {
  it('refuses a POST to /admin from another origin (including .data and "null") with 403', async () => {
    for (const [path, headers] of [
      ['/admin/login', { Origin: 'https://evil.example' }],
      ['/admin/login.data', { Origin: 'https://evil.example' }],
      ['/admin/users', { Origin: 'null' }],
      ['/admin/users', { Referer: 'https://evil.example/page' }],
    ] as const) {
      const res = await post(path, headers);
      expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('lets same-origin, PUBLIC_URL-origin, header-less and non-admin requests through', async () => {
    const host = new URL(base).host;
    expect(await (await post('/admin/login', { Origin: base })).text()).toBe('reached');
    expect(await (await post('/admin/login', { Referer: `${base}/admin/login` })).text()).toBe('reached');
    expect(await (await post('/admin/login', { Origin: 'https://shop.example' })).text()).toBe('reached');
    expect(await (await post('/admin/login', { Origin: 'https://evil.example', 'X-Forwarded-Host': 'evil.example' })).text()).toBe('reached');
    expect(await (await post('/admin/login', {})).text()).toBe('reached');
    expect(await (await post('/cart', { Origin: 'https://evil.example' })).text()).toBe('reached');
    expect(await (await fetch(`${base}/admin`, { headers: { Origin: 'https://evil.example', Host: host } })).text()).toBe('reached');
  });
});

describe('rejectNulInUrl', () => {
  it('answers 404 for a NUL byte in the path or the query, and lets everything else through', async () => {
    for (const path of ['/products/%00', '/collections/fashion%00', '/search?q=%00', '/products/a?variant=x%00y']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    for (const path of ['/products/linen-shirt', '/search?q=100%25%20silk', '/products/%E2%9C%93']) {
      expect(await (await fetch(`${base}${path}`)).text(), path).toBe('reached');
    }
  });
});

describe('trust proxy (issue 11 §2.1)', () => {
  // The same per-IP sign-in limiter the web process mounts, behind the setting createHttpApp uses.
  async function limitedApp(trustProxy: number) {
    const { adminSignInRateLimit } = await import('../platform/rate-limit');
    const app = express();
    app.set('trust proxy', trustProxy);
    app.post('/admin/login', adminSignInRateLimit(2), (req, res) => {
      res.send(`ip ${req.ip}`);
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin/login`, close: () => server.close() };
  }

  it('with no trusted proxy, rotating X-Forwarded-For neither changes the address nor dodges the limit', async () => {
    const app = await limitedApp(0);
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(app.url, { method: 'POST', headers: { 'X-Forwarded-For': `203.0.113.${i}` } });
      statuses.push(res.status);
      if (res.ok) expect(await res.text()).toBe('ip 127.0.0.1');
    }
    app.close();
    expect(statuses).toEqual([200, 200, 429, 429]);
  });

  it('with one trusted hop, the address that hop saw is the client', async () => {
    const app = await limitedApp(1);
    const res = await fetch(app.url, { method: 'POST', headers: { 'X-Forwarded-For': '198.51.100.7, 203.0.113.9' } });
    app.close();
    expect(await res.text()).toBe('ip 203.0.113.9');
  });
});

describe('rejectCrossSiteStorefrontPosts (issue 11 §2.6)', () => {
  let shop = '';
  let closeShop: () => void;
  beforeAll(async () => {
    const app = express();
    app.use(rejectCrossSiteStorefrontPosts({ publicUrl: 'https://shop.example' }));
    app.all('*', (_req, res) => {
      res.send('reached');
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    shop = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    closeShop = () => server.close();
  });
  afterAll(() => closeShop?.());
  const post = (path: string, headers: Record<string, string>) => fetch(`${shop}${path}`, { method: 'POST', headers, body: 'x=1' });

  it('a cross-site POST to the bag or checkout gets a 403 page, not a 500 with an empty body', async () => {
    for (const path of ['/cart', '/cart.data', '/checkout', '/region', '/orders/lookup']) {
      const res = await post(path, { Origin: 'https://evil.example' });
      expect(res.status, path).toBe(403);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('This request was refused');
    }
  });

  it('same-origin forms, header-less clients, the API and webhooks pass', async () => {
    expect(await (await post('/cart', { Origin: shop })).text()).toBe('reached');
    expect(await (await post('/checkout', { Origin: 'https://shop.example' })).text()).toBe('reached');
    expect(await (await post('/cart', {})).text()).toBe('reached');
    expect(await (await post('/api/v1/carts', { Origin: 'https://partner.example' })).text()).toBe('reached');
    expect(await (await post('/webhooks/stripe', { Origin: 'https://evil.example' })).text()).toBe('reached');
  });
});
