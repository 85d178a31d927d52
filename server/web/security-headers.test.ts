// Issue 11 §2.5: every response carries the browser security headers; the CSP's script nonce is
// fresh per response and is the one handed to the page (res.locals → load context → React).
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspNonce, securityHeaders } from './security-headers';

const servers: (() => void)[] = [];
async function serve(production: boolean): Promise<string> {
  const app = express();
  app.use(securityHeaders({ production }));
  app.get('*', (_req, res) => {
    res.send(`<script nonce="${cspNonce(res)}">1</script>`);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  servers.push(() => server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
let local = '';
let prod = '';
beforeAll(async () => {
  local = await serve(false);
  prod = await serve(true);
});
afterAll(() => servers.forEach((c) => c()));

describe('securityHeaders', () => {
  it('sends CSP with a per-response script nonce, no framing, nosniff, a referrer and a permissions policy', async () => {
    const a = await fetch(`${local}/products/x`);
    const b = await fetch(`${local}/products/x`);
    const csp = a.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(await a.text()).toBe(`<script nonce="${nonce}">1</script>`);
    expect(b.headers.get('content-security-policy')).not.toContain(nonce!);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self' 'nonce-/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(a.headers.get('x-frame-options')).toBe('DENY');
    expect(a.headers.get('x-content-type-options')).toBe('nosniff');
    expect(a.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(a.headers.get('permissions-policy')).toContain('camera=()');
  });

  it('sends HSTS in production only (local runs are plain http)', async () => {
    expect((await fetch(`${local}/`)).headers.get('strict-transport-security')).toBeNull();
    expect((await fetch(`${prod}/`)).headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains; preload');
  });
});
