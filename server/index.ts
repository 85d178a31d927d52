// Web process entry (the container's `web` command). Validates config, connects to Postgres
// (embedded only in local mode without DATABASE_URL), runs migrations, serves HTTP.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { createDatabases } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { ensurePostgres } from '../db/postgres';
import { ConfigError, loadConfig } from './config';
import { createHttpApp } from './http';
import { createBoss } from '../jobs/boss';
import { createQueues } from '../jobs/queues';
import { createLogger } from './logger';
import { createOutbox } from './outbox.server';
import { createStripeClient } from './stripe.server';

async function main() {
  let config;
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
  const pg = await ensurePostgres({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.EMBEDDED_PG_DIR,
    port: config.EMBEDDED_PG_PORT,
    log: (m) => logger.info(m),
  });
  const url = config.DATABASE_URL ?? pg.urlFor(config.LOCAL_DB_NAME);
  await migrateDatabase(url);
  const db = createDatabases({
    url,
    replicaUrl: config.DATABASE_REPLICA_URL,
    max: config.DATABASE_POOL_MAX,
    applicationName: `dotshop-web-${config.REGION}`,
  });
  const build = (await import(pathToFileURL(path.resolve('build/server/index.js')).href)) as ServerBuild;
  // The web process only sends jobs (inside its transactions); the worker runs them.
  const boss = createBoss(url, logger, { max: 2 });
  await boss.start();
  await createQueues(boss);
  const outbox = createOutbox(boss);
  const stripe = createStripeClient(config);
  const app = createHttpApp({ config, logger, db, build, outbox, stripe });
  const server = app.listen(config.PORT, config.HOST, () => {
    logger.info({ port: config.PORT }, `DotShop web listening on http://localhost:${config.PORT}`);
  });
  server.keepAliveTimeout = 65_000;
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close(async () => {
      await boss.stop({ graceful: false }).catch(() => {});
      await db.close();
      await pg.stop();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
