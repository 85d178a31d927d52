// The harness test's own Playwright run: a web server that owns a Postgres (embedded when
// DATABASE_URL is unset, as the e2e stack does) and two specs, one red and one green.
import { defineConfig } from '@playwright/test';

const port = Number(process.env.HARNESS_PORT ?? 3190);

export default defineConfig({
  testDir: '.',
  testMatch: /\.spec-fixture\.ts$/,
  outputDir: '../../../test-results/harness',
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { baseURL: `http://127.0.0.1:${port}` },
  webServer: {
    command: 'npx tsx db/testing/harness/web-server.ts',
    cwd: '../../..',
    url: `http://127.0.0.1:${port}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    // Stop the server in order (it closes its connections, then its embedded cluster) instead of
    // Playwright's default SIGKILL of the process group, which leaves the cluster's lock behind.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
  },
});
