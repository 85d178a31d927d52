// The two database handles every process gets: `primary` takes every write, `replica` serves
// reads (the regional read replica; the same server unless DATABASE_REPLICA_URL is set).
import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as commerceSchema from './commerce-schema';
import * as paymentsSchema from './payments-schema';
import * as syncSchema from './sync-schema';
import * as catalogSchema from './schema';

const schema = { ...catalogSchema, ...commerceSchema, ...paymentsSchema, ...syncSchema };

export type Db = PostgresJsDatabase<typeof schema>;
/** A Drizzle transaction or database: domain functions that take part in a caller's transaction accept this. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;
export type Databases = { primary: Db; replica: Db; primarySql: postgres.Sql; close: () => Promise<void> };

/**
 * The same postgres.js client, but every statement Drizzle sends goes out as a named prepared
 * statement (postgres.js caches it per connection by its text; Postgres reuses the parse and,
 * after a few runs, the plan). Drizzle sends everything through `unsafe(text, params,
 * { prepare: false })` unless a query is given a name; this wrapper flips that, in transactions
 * and savepoints too. Measured on the checkout: Postgres CPU per checkout halved and peak
 * throughput +50 % (bench/README.md, finding 1). Needs statement texts that do not grow with
 * input (ids bound as arrays, e.g. intArray in server/modules/checkout/inventory.ts) and session-level
 * connections (direct Postgres / RDS, or PgBouncer in session mode): set
 * DATABASE_PREPARED_STATEMENTS=0 behind a transaction-mode pooler. ADR 014.
 */
export function preparing(client: postgres.Sql): postgres.Sql {
  const wrapCallback = (args: unknown[]) => {
    const i = args.findIndex((a) => typeof a === 'function');
    if (i >= 0) {
      const cb = args[i] as (tx: postgres.Sql) => unknown;
      args[i] = (tx: postgres.Sql) => cb(preparing(tx));
    }
    return args;
  };
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'unsafe') {
        return (text: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(text, params, { ...options, prepare: true });
      }
      if (prop === 'begin' || prop === 'savepoint') {
        const fn = Reflect.get(target, prop, target) as (...a: unknown[]) => unknown;
        return (...args: unknown[]) => fn.apply(target, wrapCallback(args));
      }
      return Reflect.get(target, prop, target);
    },
  });
}

const tracer = trace.getTracer('dotshop-db');

/** `SELECT orders`-style span name: the statement's verb and its first table, never a value. */
export function statementSpanName(text: string): string {
  const verb = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'SQL';
  const table = /\b(?:from|into|update|join)\s+("?[\w.]+"?)/i.exec(text)?.[1]?.replace(/"/g, '');
  return table ? `${verb} ${table}` : verb;
}

function endWith(span: Span, err?: unknown) {
  if (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
  }
  span.end();
}

/**
 * postgres.js has no official OpenTelemetry instrumentation (STACK-NOTES; the community one threw
 * into application code), so the client is wrapped here, where every Drizzle statement passes:
 * one CLIENT span per statement named `VERB table`, with `db.query.text` = the statement text
 * (values are bound parameters, never in the text), and one span per transaction around its
 * statements. postgres.js queries are lazy promises (they run on the first `then`), so the span
 * starts at the call — in the caller's context — and ends when the query settles. Only installed
 * when tracing is on (ADR 023): tracing off leaves the client untouched.
 */
export function tracing(client: postgres.Sql, dbName: string): postgres.Sql {
  const attrs = { 'db.system.name': 'postgresql', 'db.namespace': dbName };
  const wrapCallback = (args: unknown[]) => {
    const i = args.findIndex((a) => typeof a === 'function');
    if (i >= 0) {
      const cb = args[i] as (tx: postgres.Sql) => unknown;
      args[i] = (tx: postgres.Sql) => cb(tracing(tx, dbName));
    }
    return args;
  };
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'unsafe') {
        return (text: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) => {
          // Outside any span (a /metrics scrape, a background poll) a statement would be a trace of its own: skip it.
          if (!trace.getSpan(context.active())) return target.unsafe(text, params, options);
          const span = tracer.startSpan(statementSpanName(text), { kind: SpanKind.CLIENT, attributes: { ...attrs, 'db.query.text': text } });
          const query = target.unsafe(text, params, options);
          const then = query.then.bind(query);
          let settled: Promise<unknown> | null = null;
          // Every consumer (await, .catch, .finally) goes through `then`; the first one runs the query.
          Object.defineProperty(query, 'then', {
            configurable: true,
            value: (onOk?: (v: unknown) => unknown, onErr?: (e: unknown) => unknown) => {
              settled ??= then(
                (v: unknown) => (endWith(span), v),
                (e: unknown) => {
                  endWith(span, e);
                  throw e;
                },
              );
              return settled.then(onOk, onErr);
            },
          });
          return query;
        };
      }
      if (prop === 'begin' || prop === 'savepoint') {
        const fn = Reflect.get(target, prop, target) as (...a: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) => {
          if (!trace.getSpan(context.active())) return fn.apply(target, wrapCallback(args));
          const span = tracer.startSpan(prop === 'begin' ? 'db transaction' : 'db savepoint', { kind: SpanKind.INTERNAL, attributes: attrs });
          return context.with(trace.setSpan(context.active(), span), () => fn.apply(target, wrapCallback(args))).then(
            (v) => (endWith(span), v),
            (e: unknown) => {
              endWith(span, e);
              throw e;
            },
          );
        };
      }
      return Reflect.get(target, prop, target);
    },
  });
}

export function createDatabases(opts: {
  url: string;
  replicaUrl?: string;
  max?: number;
  applicationName?: string;
  /** Send the primary's statements as named prepared statements (default true; see `preparing`). */
  preparedStatements?: boolean;
  /** A span per statement and per transaction (tracing on; see `tracing`). */
  traceStatements?: boolean;
  /** Seconds to wait for a connection (default 5). */
  connectTimeoutSeconds?: number;
}): Databases {
  const common = {
    max: opts.max ?? 10,
    // An unreachable server (a failover, a restart) fails a request in seconds, not postgres.js's 30.
    connect_timeout: opts.connectTimeoutSeconds ?? 5,
    onnotice: () => {},
    connection: { application_name: opts.applicationName ?? 'dotshop' },
  };
  const primarySql = postgres(opts.url, common);
  const replicaSql = opts.replicaUrl && opts.replicaUrl !== opts.url ? postgres(opts.replicaUrl, common) : primarySql;
  const dbName = (u: string) => new URL(u).pathname.replace(/^\//, '') || 'postgres';
  const traced = (client: postgres.Sql, u: string) => (opts.traceStatements ? tracing(client, dbName(u)) : client);
  return {
    primary: drizzle(traced(opts.preparedStatements === false ? primarySql : preparing(primarySql), opts.url), { schema }),
    replica: drizzle(traced(replicaSql, opts.replicaUrl ?? opts.url), { schema }),
    primarySql,
    close: async () => {
      await primarySql.end({ timeout: 5 });
      if (replicaSql !== primarySql) await replicaSql.end({ timeout: 5 });
    },
  };
}

export { schema };
