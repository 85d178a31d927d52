// The WAN link is a byte stream: whatever the delay does meanwhile, every byte arrives once and in
// order (a replica's WAL stream and every Postgres connection of the far region cross it), and
// each chunk is held for half the round trip.
import crypto from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startWanLink, type WanLink } from './wan-link';

let link: WanLink | null = null;
let server: net.Server | null = null;
afterEach(async () => {
  await link?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  link = null;
  server = null;
});

/** A server that writes `chunks` to each client as fast as it can, then ends. */
async function sender(chunks: Buffer[]): Promise<number> {
  server = net.createServer(async (socket) => {
    socket.on('error', () => {});
    for (const c of chunks) {
      if (!socket.write(c)) await new Promise((r) => socket.once('drain', r));
      // Small gaps now and then, so chunks cross the link in many event-loop turns.
      if (c.length % 7 === 0) await new Promise((r) => setImmediate(r));
    }
    socket.end();
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return (server.address() as net.AddressInfo).port;
}

function receive(port: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    const s = net.connect(port, '127.0.0.1');
    s.on('data', (d) => parts.push(d));
    s.on('end', () => resolve(Buffer.concat(parts)));
    s.on('error', reject);
  });
}

describe('WAN link', () => {
  it('delivers every byte once and in order while its delay changes under a busy stream', async () => {
    const chunks: Buffer[] = [];
    for (let i = 0; i < 4000; i++) {
      chunks.push(crypto.randomBytes(16 + ((i * 7919) % 3000)));
    }
    const sent = Buffer.concat(chunks);
    link = await startWanLink({ target: { host: '127.0.0.1', port: await sender(chunks) }, rttMs: 20 });
    // The delay shrinks and grows while bytes are in flight (what a drill's set-RTT does).
    let flip = false;
    const toggler = setInterval(() => link?.setRttMs((flip = !flip) ? 0 : 20), 3);
    try {
      const got = await receive(link.port);
      expect(got.length).toBe(sent.length);
      expect(crypto.createHash('sha256').update(got).digest('hex')).toBe(crypto.createHash('sha256').update(sent).digest('hex'));
    } finally {
      clearInterval(toggler);
    }
  }, 60_000);

  it('holds each chunk for half the round trip in each direction', async () => {
    server = net.createServer((s) => s.on('data', (d) => s.write(d)).on('error', () => {}));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    link = await startWanLink({ target: { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port }, rttMs: 60 });
    const s = net.connect(link.port, '127.0.0.1');
    await new Promise((r) => s.once('connect', r));
    const started = performance.now();
    s.write('ping');
    await new Promise((r) => s.once('data', r));
    const rtt = performance.now() - started;
    s.destroy();
    expect(rtt).toBeGreaterThanOrEqual(59);
  });
});
