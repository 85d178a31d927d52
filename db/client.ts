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

export function createDatabases(opts: { url: string; replicaUrl?: string; max?: number; applicationName?: string }): Databases {
  const common = {
    max: opts.max ?? 10,
    onnotice: () => {},
    connection: { application_name: opts.applicationName ?? 'dotshop' },
  };
  const primarySql = postgres(opts.url, common);
  const replicaSql = opts.replicaUrl && opts.replicaUrl !== opts.url ? postgres(opts.replicaUrl, common) : primarySql;
  return {
    primary: drizzle(primarySql, { schema }),
    replica: drizzle(replicaSql, { schema }),
    primarySql,
    close: async () => {
      await primarySql.end({ timeout: 5 });
      if (replicaSql !== primarySql) await replicaSql.end({ timeout: 5 });
    },
  };
}

export { schema };
