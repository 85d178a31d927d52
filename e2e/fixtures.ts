// Shared Playwright fixtures: `db` is a real connection to the e2e database, so tests can create
// users, sessions or stock states directly instead of clicking through set-up in every test.
import { test as base, expect } from '@playwright/test';
import { createDatabases, type Databases } from '../db/client';
import { e2eDatabaseUrl } from './env';

type WorkerFixtures = { db: Databases };

export const test = base.extend<object, WorkerFixtures>({
  db: [
    async ({}, use) => {
      const db = createDatabases({ url: e2eDatabaseUrl(), max: 3, applicationName: 'e2e' });
      await use(db);
      await db.close();
    },
    { scope: 'worker' },
  ],
});

export { expect };
