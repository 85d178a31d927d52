// Child process of otlp-export.test.ts: starts tracing the way the entries do (tracing-start.ts,
// from the environment), answers one HTTP request of its own through Express, then shuts the SDK
// down, which flushes the OTLP exporter.
import '../platform/tracing-start';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { stopTracing, withSpan } from '../platform/tracing';

const app = express();
app.get('/hello', (_req, res) => {
  res.send('hi');
});
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
await withSpan('otlp fixture', {}, async () => {
  await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hello`);
});
server.close();
await stopTracing();
