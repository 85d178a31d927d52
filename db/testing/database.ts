// Each test file gets its own database cloned from the migrated template: real Postgres, no
// shared state between files, and nothing to clean up by hand.
import { randomBytes } from 'node:crypto';
import { createDatabases, type Databases } from '../client';
import { createDatabase, dropDatabase } from '../postgres';

export type TestDatabase = Databases & { url: string; name: string; drop: () => Promise<void> };

export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_PG_SERVER_URL;
  if (!serverUrl) throw new Error('TEST_PG_SERVER_URL is not set: run tests through vitest (npm test), whose global setup starts Postgres.');
  const name = `dotshop_t_${label.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  await createDatabase(serverUrl, name, process.env.TEST_PG_TEMPLATE ?? 'dotshop_test_template');
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const dbs = createDatabases({ url, max: 10, applicationName: `test-${label}` });
  return {
    ...dbs,
    url,
    name,
    drop: async () => {
      await dbs.close();
      await dropDatabase(serverUrl, name);
    },
  };
}
