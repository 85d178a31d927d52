// OTLP/HTTP export (ADR 023): with OTEL_EXPORTER_OTLP_ENDPOINT set, a process's spans reach the
// collector at `${endpoint}/v1/traces`. The collector here is a tiny HTTP receiver in the test;
// the process is a child started like local-stack starts the entries (the otel-hooks loader hook,
// tracing-start.ts reading the environment), so Express's instrumentation names the server span.
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type OtlpBody = { resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: { name: string; traceId: string }[] }[] }[] };
const received: { path: string; contentType: string; body: OtlpBody }[] = [];
let receiver: http.Server;
let endpoint = '';

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', contentType: String(req.headers['content-type']), body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpBody });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  receiver.listen(0, '127.0.0.1');
  await new Promise((r) => receiver.once('listening', r));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(() => receiver?.close());

function runChild(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', './server/bin/otel-hooks.mjs', 'server/testing/otlp-export.fixture.ts'], {
      env: { ...process.env, DOTSHOP_SERVICE: 'otlp-test', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

const spanNames = () => received.flatMap((r) => r.body.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((s) => s.spans.map((sp) => sp.name))));

describe('OTLP/HTTP export', () => {
  it('sends the spans of a process started with OTEL_EXPORTER_OTLP_ENDPOINT to /v1/traces', async () => {
    received.length = 0;
    const { code, stderr } = await runChild({ DOTSHOP_TRACING: 'on', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    expect(code, stderr).toBe(0);
    expect(received.length).toBeGreaterThan(0);
    expect(received.every((r) => r.path === '/v1/traces' && r.contentType.startsWith('application/json'))).toBe(true);
    expect(spanNames()).toEqual(expect.arrayContaining(['otlp fixture', 'GET', 'GET /hello']));
    const service = received[0].body.resourceSpans[0].resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue;
    expect(service).toBe('dotshop-otlp-test');
    // One trace: the fixture's span, its fetch and the server's span.
    expect(new Set(received.flatMap((r) => r.body.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((s) => s.spans.map((sp) => sp.traceId))))).size).toBe(1);
  }, 60_000);

  it('sends nothing with DOTSHOP_TRACING=off', async () => {
    received.length = 0;
    const { code, stderr } = await runChild({ DOTSHOP_TRACING: 'off', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    expect(code, stderr).toBe(0);
    expect(received).toEqual([]);
  }, 60_000);
});
