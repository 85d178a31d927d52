// Issue 9: a red Playwright run must exit non-zero and a green one zero, while its web server owns
// a Postgres (embedded when DATABASE_URL is unset, as the e2e stack's does) and is stopped by
// Playwright at the end.
import { describe, expect, test } from 'vitest';
import { embeddedUrl, postgresAnswers, runNode, tail } from './run';

const playwright = ['node_modules/@playwright/test/cli.js', 'test', '--config', 'db/testing/harness/playwright.config.ts'];
const EMBEDDED_PORT = 54369;
const server = { HARNESS_PORT: '3190', HARNESS_PG_PORT: String(EMBEDDED_PORT), HARNESS_PG_DIR: '.data/postgres-harness-e2e' };

describe('Playwright exit code', () => {
  test('without DATABASE_URL (embedded Postgres): red exits non-zero, green exits 0, the cluster stops', async () => {
    const red = await runNode([...playwright, 'red'], server);
    expect(red.output, tail(red)).toMatch(/1 failed/);
    expect(red.code, tail(red)).not.toBe(0);
    expect(red.code, tail(red)).not.toBeNull();
    expect(await postgresAnswers(embeddedUrl(EMBEDDED_PORT))).toBe(false);

    const green = await runNode([...playwright, 'green'], server);
    expect(green.output, tail(green)).toMatch(/1 passed/);
    expect(green.code, tail(green)).toBe(0);
    expect(await postgresAnswers(embeddedUrl(EMBEDDED_PORT))).toBe(false);
  });

  test("with DATABASE_URL (this run's server): red exits non-zero, green exits 0", async () => {
    const env = { ...server, HARNESS_PORT: '3191', DATABASE_URL: process.env.TEST_PG_SERVER_URL };
    const red = await runNode([...playwright, 'red'], env);
    expect(red.output, tail(red)).toMatch(/1 failed/);
    expect(red.code, tail(red)).not.toBe(0);
    expect(red.code, tail(red)).not.toBeNull();

    const green = await runNode([...playwright, 'green'], env);
    expect(green.output, tail(green)).toMatch(/1 passed/);
    expect(green.code, tail(green)).toBe(0);
  });
});
