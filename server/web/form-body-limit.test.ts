// Issue 11 §2.4 for page forms: the limit holds while streaming (a chunked body past it gets 413
// without being read to the end), a declared oversize body is refused unread, and a form within
// the limit reaches the handler intact through Remix's own stream adapter.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReadableStreamFromReadable } from '@remix-run/node';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitFormBodies, withBufferedBody } from './form-body-limit';

let port = 0;
let close: () => void;
beforeAll(async () => {
  const app = express();
  app.use(limitFormBodies({ limitBytes: 1024, skip: (p) => p.startsWith('/api/') }));
  app.all('*', async (req, res) => {
    // What @remix-run/express does with the request it is given.
    const view = withBufferedBody(req, res.locals.formBody as Buffer | undefined);
    const body = createReadableStreamFromReadable(view);
    const form = await new Request('http://x/', { method: 'POST', body, headers: { 'Content-Type': String(req.headers['content-type']) }, duplex: 'half' } as RequestInit).formData();
    res.json(Object.fromEntries(form));
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  port = (server.address() as AddressInfo).port;
  close = () => server.close();
});
afterAll(() => close?.());

/** A chunked POST that keeps sending until the server answers; resolves with status and bytes sent. */
function chunkedPost(path: string, totalBytes: number): Promise<{ status: number; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let status = 0;
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked' } }, (res) => {
      status = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => resolve({ status, sent }));
    });
    req.on('error', () => resolve({ status, sent }));
    const chunk = Buffer.alloc(16 * 1024, 'a');
    const pump = () => {
      while (sent < totalBytes && status === 0) {
        sent += chunk.length;
        if (!req.write(chunk)) return req.once('drain', pump);
      }
      req.end();
    };
    pump();
    setTimeout(() => reject(new Error('no answer')), 20_000).unref();
  });
}

describe('limitFormBodies', () => {
  it('passes a form within the limit to the handler intact', async () => {
    const r = await fetch(`http://127.0.0.1:${port}/cart`, { method: 'POST', body: new URLSearchParams({ intent: 'add', sku: 'SKU-1', quantity: '2' }) });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ intent: 'add', sku: 'SKU-1', quantity: '2' });
  });

  it('refuses a declared oversize body with 413 before reading it', async () => {
    const r = await fetch(`http://127.0.0.1:${port}/checkout`, { method: 'POST', body: 'x='.padEnd(5000, 'a'), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(r.status).toBe(413);
    expect(await r.text()).toContain('That form was too large');
  });

  it('stops a chunked body at the limit: 413, and the client is cut off long before it has sent it all', async () => {
    const r = await chunkedPost('/checkout', 50 * 1024 * 1024);
    expect(r.status).toBe(413);
    expect(r.sent).toBeLessThan(10 * 1024 * 1024);
  });
});
