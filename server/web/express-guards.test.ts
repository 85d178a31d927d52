import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectCrossSiteAdminPosts, rejectNulInUrl } from './express-guards';

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
