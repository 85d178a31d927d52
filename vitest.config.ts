import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: { alias: { '~': path.resolve('app') } },
  test: {
    include: ['{app,server,db,jobs,emulators,bench}/**/*.test.{ts,tsx}'],
    globalSetup: ['db/testing/global-setup.ts'],
    setupFiles: ['db/testing/fail-on-console-error.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
