// The distance between two regions on one machine (issue 12): a TCP proxy that holds every chunk
// for half the round trip in each direction, in order (`tc netem` is not available here; see
// ../shared/STACK-NOTES.md). eu-west's connections to the primary and the replica's WAL stream go
// through it. The delay can change while connections are open, and the link can be cut.
import net from 'node:net';

export interface WanLink {
  port: number;
  rttMs: () => number;
  setRttMs: (ms: number) => void;
  /** Points new connections somewhere else (a promoted standby); open ones are dropped. */
  setTarget: (target: { host: string; port: number }) => void;
  /** Drops every connection and refuses new ones until restore(). */
  cut: () => void;
  restore: () => void;
  close: () => Promise<void>;
}

export async function startWanLink(opts: { target: { host: string; port: number }; rttMs: number; port?: number; host?: string }): Promise<WanLink> {
  let oneWay = Math.max(0, opts.rttMs) / 2;
  let cutOff = false;
  let target = opts.target;
  const sockets = new Set<net.Socket>();

  /**
   * Forwards `from` → `to`, each chunk delivered `oneWay` ms after it arrived, in arrival order.
   * One FIFO and one timer per direction: a timer per chunk can deliver out of order (two chunks
   * whose computed waits differ by a millisecond land in different Node timer lists, and the later
   * one can fire first), which corrupts the byte stream — a WAL stream then stalls or "loses
   * synchronization".
   */
  const delayed = (from: net.Socket, to: net.Socket) => {
    const queue: { due: number; chunk: Buffer | null }[] = []; // null: the end of the stream
    let timer: NodeJS.Timeout | null = null;
    const flush = () => {
      timer = null;
      const now = Date.now();
      while (queue.length && queue[0].due <= now) {
        const { chunk } = queue.shift()!;
        if (to.destroyed) continue;
        if (chunk === null) to.end();
        else to.write(chunk);
      }
      if (queue.length) timer = setTimeout(flush, Math.max(1, queue[0].due - now));
    };
    const push = (chunk: Buffer | null) => {
      // Never due before an earlier chunk: order is kept even if the delay shrinks meanwhile.
      const due = Math.max(Date.now() + oneWay, queue.length ? queue[queue.length - 1].due : 0);
      queue.push({ due, chunk });
      if (timer === null) {
        if (due <= Date.now()) flush();
        else timer = setTimeout(flush, due - Date.now());
      }
    };
    from.on('data', (chunk: Buffer) => push(chunk));
    from.on('end', () => push(null));
  };

  const server = net.createServer((client) => {
    if (cutOff) {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    delayed(client, upstream);
    delayed(upstream, client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    rttMs: () => oneWay * 2,
    setRttMs: (ms) => {
      oneWay = Math.max(0, ms) / 2;
    },
    setTarget: (next) => {
      target = next;
      for (const s of sockets) s.destroy();
    },
    cut: () => {
      cutOff = true;
      for (const s of sockets) s.destroy();
    },
    restore: () => {
      cutOff = false;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
