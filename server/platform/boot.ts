// What every long-running process (web, worker) does first: validate the environment (exit with
// a message naming the bad variable), find Postgres, and bring the schema up to date.
import { migrateDatabase } from '../../db/migrate';
import { ensurePostgres, type PostgresHandle } from '../../db/postgres';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger, type Logger } from './logger';

export async function bootProcess(service: 'web' | 'worker'): Promise<{ config: Config; logger: Logger; pg: PostgresHandle; url: string }> {
  process.env.DOTSHOP_SERVICE ??= service;
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const pg = await ensurePostgres({ databaseUrl: config.DATABASE_URL, dataDir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT, log: (m) => logger.info(m), stopOnSignal: false });
  const url = config.DATABASE_URL ?? pg.urlFor(config.LOCAL_DB_NAME);
  await migrateDatabase(url);
  return { config, logger, pg, url };
}
