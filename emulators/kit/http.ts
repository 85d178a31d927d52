// The HTTP plumbing every emulator shares: a node:http server with start-up, listen and a close
// that does not wait for keep-alive clients, bounded body reading, response writing, and the
// per-request wrapper that turns a crash into a 500 and always logs the request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, type Socket } from 'node:net';

/** Larger bodies are refused (the real APIs have limits of this order too). */
export const MAX_BODY = 1024 * 1024;

export class BodyTooLarge extends Error {}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new BodyTooLarge('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Writes a whole response unless the client already got one or went away (a dropped fault, a timeout). */
export function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}, contentType = 'application/json'): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-cache, no-store',
    ...headers,
  });
  res.end(body);
}

/** Where the client said it sent the request; only the path and query matter to the emulators. */
export const requestUrl = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://emulator.local');

/** One request's handling; the emulator keeps what it logs about the request in the closure. */
export interface Exchange {
  /** Answers the request; a rejection is a bug in the emulator, not the client's fault. */
  handle(): Promise<void>;
  /** Answers with a 500 in the emulator's own error shape (after logging it). */
  crashed(error: unknown): void;
  /** Logs the request once it has been answered (or dropped). */
  finished(): void;
}

export function requestListener(open: (req: IncomingMessage, res: ServerResponse, url: URL, startedAt: number) => Exchange): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const exchange = open(req, res, requestUrl(req), Date.now());
    exchange
      .handle()
      .catch((e: unknown) => exchange.crashed(e))
      .finally(() => exchange.finished());
  };
}

/** The text of an unexpected error for an `internal_error` log line. */
export const errorText = (e: unknown) => (e instanceof Error ? e.stack : String(e));

export interface RunningServer {
  server: Server;
  port: number;
  /** `http://host:port` (IPv6 hosts in brackets). */
  url: string;
  /** Stops listening and cuts every open connection (clients with keep-alive would hold it open). */
  close(): Promise<void>;
}

export async function listen(listener: (req: IncomingMessage, res: ServerResponse) => void, port = 0, host = '127.0.0.1'): Promise<RunningServer> {
  const server = createServer(listener);
  server.keepAliveTimeout = 5_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    server,
    port: bound,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      }),
  };
}
