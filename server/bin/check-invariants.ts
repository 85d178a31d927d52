// `npm run check:invariants`: reports every violated invariant; exit 1 if there is any.
import { createDatabases } from '../../db/client';
import { ensurePostgres } from '../../db/postgres';
import { loadConfig } from '../platform/config';
import { checkInvariants, invariantNames } from '../modules/invariants';

const config = loadConfig();
const pg = await ensurePostgres({ databaseUrl: config.DATABASE_URL, dataDir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT });
const db = createDatabases({ url: config.DATABASE_URL ?? pg.urlFor(config.LOCAL_DB_NAME), max: 1, applicationName: 'dotshop-invariants' });
try {
  const violations = await checkInvariants(db.replica);
  for (const name of invariantNames) {
    const v = violations.find((x) => x.check === name);
    console.log(`${v ? 'FAIL' : 'ok  '}  ${name}${v ? `: ${v.count} — ${v.description} (e.g. ${v.examples.join(', ')})` : ''}`);
  }
  console.log(violations.length ? `\n${violations.length} invariant(s) violated.` : '\nAll invariants hold.');
  process.exitCode = violations.length ? 1 : 0;
} finally {
  await db.close();
  await pg.stop();
}
