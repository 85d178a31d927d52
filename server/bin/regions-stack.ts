// `npm run start:regions`: the shop in two regions on one machine (issue 12). us-east holds the
// primary (the embedded Postgres, as `npm start`); eu-west gets a real streaming standby of it and
// its own web and worker (REGION=eu-west), and forwards its writes to us-east's web tier (ADR 024).
// The regions talk only through WAN links, proxies that delay every chunk by half of WAN_RTT_MS each
// way (default 80 ms, us-east-1 ↔ eu-west-1). us-east on PORT, eu-west on PORT+1. Ctrl-C stops
// everything in order. The topology lives in ./regions/stack.ts (the failover drill uses it too).
import { ConfigError, loadConfig } from '../platform/config';
import { PostgresStartError } from '../../db/postgres';
import { startRegionsStack } from './regions/stack';

async function main() {
  const config = loadConfig();
  const say = (m: string) => console.error(`[regions] ${m}`);
  if (config.DATABASE_URL) throw new ConfigError('start:regions clones the embedded Postgres into a standby: unset DATABASE_URL.');
  const rtt = Number(process.env.WAN_RTT_MS ?? 80);
  const stack = await startRegionsStack({
    port: config.PORT,
    pgPort: config.EMBEDDED_PG_PORT,
    dataDir: config.EMBEDDED_PG_DIR,
    database: config.LOCAL_DB_NAME,
    rttMs: rtt,
    reset: config.LOCAL_DB_RESET === '1',
    syncStandby: process.env.SYNC_STANDBY === '1',
    writePath: config.WRITE_PATH,
    stripePort: config.STRIPE_EMULATOR_PORT,
    shopifyPort: config.SHOPIFY_EMULATOR_PORT,
    stripeStateFile: config.STRIPE_EMULATOR_STATE_FILE,
    admin: { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD, reset: config.isLocal },
    env: { ...process.env, DOTSHOP_MODE: config.DOTSHOP_MODE },
    app: 'build',
    log: say,
  });
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    await stack.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  const eu = stack.node('eu-west');
  console.log(
    [
      '',
      '  DotShop is running in two regions.',
      `  us-east   http://localhost:${config.PORT}/   (primary Postgres, port ${config.EMBEDDED_PG_PORT})`,
      `  eu-west   http://localhost:${config.PORT + 1}/   (streaming standby, port ${eu.port}; the primary ${rtt} ms away through the WAN link; writes ${config.WRITE_PATH === 'forward' ? "forwarded to us-east's web tier" : 'sent across the WAN'})`,
      `  Admin     http://localhost:${config.PORT}/admin${config.isLocal ? `   ${config.ADMIN_EMAIL} / ${config.ADMIN_PASSWORD}` : ''}`,
      `  Replica   http://localhost:${config.PORT + 1}/readyz shows eu-west's lag`,
      '',
    ].join('\n'),
  );
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof PostgresStartError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
