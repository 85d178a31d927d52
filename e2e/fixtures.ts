// Shared Playwright fixtures: `db` is a real connection to the e2e database, so tests can create
// users, sessions or stock states directly instead of clicking through set-up in every test.
// `stock` hands a test variants no other test touches and sets their stock (see commerce-db.ts).
import { test as base, expect } from '@playwright/test';
import { createDatabases, type Databases } from '../db/client';
import { StockRoom } from './commerce-db';
import { e2eDatabaseUrl } from './env';

type WorkerFixtures = { db: Databases };
type TestFixtures = { stock: StockRoom };

export const test = base.extend<TestFixtures, WorkerFixtures>({
  db: [
    async ({}, use) => {
      const db = createDatabases({ url: e2eDatabaseUrl(), max: 3, applicationName: 'e2e' });
      await use(db);
      await db.close();
    },
    { scope: 'worker' },
  ],
  stock: [
    async ({ db }, use, testInfo) => {
      await use(new StockRoom(db, `${testInfo.titlePath.join(' › ')} [${testInfo.testId}]`));
    },
    { scope: 'test' },
  ],
});

export { expect };
