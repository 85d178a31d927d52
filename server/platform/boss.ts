// One way to build a pg-boss instance (the outbox and job queue), shared by the worker and by
// the web process (which only sends jobs, inside its own transactions).
import { PgBoss } from 'pg-boss';
import type { Logger } from './logger';
import { tracingOn, withTraceparent } from './tracing';

export function createBoss(url: string, logger: Logger, opts: { max?: number; supervise?: boolean; schedule?: boolean; listen?: boolean } = {}) {
  const boss = new PgBoss({
    connectionString: url,
    max: opts.max ?? 4,
    schema: 'pgboss',
    supervise: opts.supervise ?? false,
    // The supervising process (the worker) looks for jobs whose worker stopped sending heartbeats
    // (queues.ts, HEARTBEAT_SECONDS) every 10 s rather than every minute.
    superviseIntervalSeconds: 10,
    monitorIntervalSeconds: 10,
    schedule: opts.schedule ?? false,
    migrate: true,
    // Workers on `notify` queues (server/platform/queues.ts) wake at the sender's commit instead of at their
    // next poll; one extra, session-pinned connection. Falls back to polling if it cannot listen.
    useListenNotify: opts.listen ?? false,
    application_name: 'dotshop-jobs',
  });
  boss.on('error', (err) => logger.error({ err }, 'pg-boss error'));
  // Every job sent while a span is active carries that span's `traceparent` in its data, so the
  // worker's span continues the sender's trace (pg-boss has no OpenTelemetry support; ADR 023).
  // One place: the outbox, forwards between queues and admin retries all send through here.
  if (tracingOn()) {
    const send = boss.send.bind(boss) as (...args: unknown[]) => Promise<string | null>;
    boss.send = ((...args: unknown[]) => {
      if (typeof args[0] === 'string') args[1] = withTraceparent(args[1] ?? {});
      else if (args[0] && typeof args[0] === 'object') args[0] = { ...(args[0] as object), data: withTraceparent((args[0] as { data?: object }).data ?? {}) };
      return send(...args);
    }) as typeof boss.send;
  }
  return boss;
}
