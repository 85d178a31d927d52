// What both emulators' test suites need around the emulator itself: one emulator per suite (reset
// before each test, webhooks left to settle after it), a loopback receiver that records every
// webhook, polling for a condition, a refused port, and the error a call rejects with.
import { createServer, type IncomingMessage } from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

export interface SuiteEmulator {
  close(): Promise<void>;
  reset(): void;
  waitForWebhooks(timeoutMs?: number): Promise<void>;
}

export interface Receiver<R> {
  url: string;
  received: R[];
  close(): Promise<void>;
}

export interface Suite {
  emu: SuiteEmulator;
  receiver?: Receiver<unknown>;
}

export interface SuiteHooks<S> {
  /** Reset the emulator (and empty the receiver) before each test; default true. */
  reset?: boolean;
  /** After each test, wait (up to 5 s) for outstanding webhooks so none lands in the next test. */
  settleWebhooks?: boolean;
  /** More set-up before each test, after the reset. */
  beforeEach?: (s: S) => void;
}

/**
 * Registers the hooks around one emulator for the enclosing file or describe block: `start` once,
 * hand what it started to `use` (the suite's variables), and close it all at the end.
 */
export function setUpSuite<S extends Suite>(start: () => Promise<S>, use: (s: S) => void, o: SuiteHooks<S> = {}): void {
  let suite: S;
  beforeAll(async () => {
    suite = await start();
    use(suite);
  });
  afterAll(async () => {
    await suite.emu.close();
    await suite.receiver?.close();
  });
  if (o.reset !== false || o.beforeEach) {
    beforeEach(async () => {
      if (o.reset !== false) {
        // A delivery the last test left in flight would land after the reset (reset aborts the
        // client side only): let it finish first (briefly), then reset and forget it.
        if (suite.receiver) await suite.emu.waitForWebhooks(1000).catch(() => undefined);
        suite.emu.reset();
        if (suite.receiver) suite.receiver.received.length = 0;
      }
      o.beforeEach?.(suite);
    });
  }
  if (o.settleWebhooks) {
    afterEach(async () => {
      await suite.emu.waitForWebhooks(5000).catch(() => undefined);
    });
  }
}

/**
 * A local HTTP endpoint at `path` that records every request as `answer` describes it and replies
 * with its status (`ok` below 300, `nope` otherwise).
 */
export async function startRecorder<R>(path: string, answer: (body: string, req: IncomingMessage) => Promise<{ status: number; record: R }> | { status: number; record: R }): Promise<Receiver<R>> {
  const received: R[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const { status, record } = await answer(Buffer.concat(chunks).toString('utf8'), req);
        received.push(record);
        res.writeHead(status, { 'Content-Type': 'text/plain' });
        res.end(status < 300 ? 'ok' : 'nope');
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** A loopback port with nothing listening on it (connections are refused). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export async function waitFor(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
