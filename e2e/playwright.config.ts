import fs from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { E2E_PORT } from './env';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(chromiumPath)) {
  throw new Error(`Chromium not found at ${chromiumPath}. Install Debian's: 'apt-get install -y chromium' (or set CHROMIUM_PATH). .ci/run does this for you.`);
}

// Debian's Chromium (Playwright's own download cannot work here); flags keep it off the network.
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export default defineConfig({
  testDir: './specs',
  outputDir: '../test-results',
  fullyParallel: false,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  // A whole purchase plus its checks in one test; on 2 shared cores under load 30 s was tight.
  timeout: 60_000,
  expect: { timeout: 7_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
      },
    },
  ],
  webServer: {
    command: 'npx tsx e2e/server.ts',
    cwd: '..',
    url: `http://localhost:${E2E_PORT}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    // Stop the server in order (it closes its connections, then its embedded cluster) instead of
    // Playwright's default SIGKILL of the process group, which leaves the cluster's lock behind.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
  },
});
