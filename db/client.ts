// The two database handles every process gets: `primary` takes every write, `replica` serves
// reads (the regional read replica; the same server unless DATABASE_REPLICA_URL is set).
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

export function createDatabases(opts: {
  url: string;
  replicaUrl?: string;
  max?: number;
  applicationName?: string;
  /** Send the primary's statements as named prepared statements (default true; see `preparing`). */
  preparedStatements?: boolean;
}): Databases {
  const common = {
    max: opts.max ?? 10,
    onnotice: () => {},
    connection: { application_name: opts.applicationName ?? 'dotshop' },
  };
  const primarySql = postgres(opts.url, common);
  const replicaSql = opts.replicaUrl && opts.replicaUrl !== opts.url ? postgres(opts.replicaUrl, common) : primarySql;
  return {
    primary: drizzle(opts.preparedStatements === false ? primarySql : preparing(primarySql), { schema }),
    replica: drizzle(replicaSql, { schema }),
    primarySql,
    close: async () => {
      await primarySql.end({ timeout: 5 });
      if (replicaSql !== primarySql) await replicaSql.end({ timeout: 5 });
    },
  };
}

export { schema };
