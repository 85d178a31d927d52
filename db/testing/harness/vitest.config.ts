// The harness test's own Vitest run: the suite's real global setup (which starts the embedded
// Postgres when DATABASE_URL is unset) over two tiny fixtures, one red and one green.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../../..', import.meta.url).pathname,
    include: ['db/testing/harness/*.fixture.ts'],
    globalSetup: ['db/testing/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
