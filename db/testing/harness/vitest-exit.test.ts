// Issue 9: a red Vitest run must exit non-zero and a green one zero, whether the global setup
// reaches DATABASE_URL's server or starts (and stops) the embedded Postgres itself.
import { describe, expect, test } from 'vitest';
import { embeddedUrl, postgresAnswers, runNode, tail } from './run';

const vitest = ['node_modules/vitest/vitest.mjs', 'run', '--config', 'db/testing/harness/vitest.config.ts'];
// A cluster of its own (port and folder), so the run really starts and stops it rather than
// reusing the outer suite's.
const EMBEDDED_PORT = 54359;
const embedded = { TEST_EMBEDDED_PG_PORT: String(EMBEDDED_PORT), TEST_EMBEDDED_PG_DIR: '.data/postgres-harness' };

describe('Vitest exit code', () => {
  test('without DATABASE_URL (embedded Postgres): red exits non-zero, green exits 0, the cluster stops', async () => {
    expect(await postgresAnswers(embeddedUrl(EMBEDDED_PORT))).toBe(false);

    const red = await runNode([...vitest, 'red.fixture'], embedded);
    expect(red.output, tail(red)).toMatch(/Tests\s+1 failed/);
    expect(red.output, tail(red)).toContain('expected 2 to be 3');
    expect(red.code, tail(red)).not.toBe(0);
    expect(red.code, tail(red)).not.toBeNull();
    expect(await postgresAnswers(embeddedUrl(EMBEDDED_PORT))).toBe(false);

    const green = await runNode([...vitest, 'green.fixture'], embedded);
    expect(green.output, tail(green)).toMatch(/Tests\s+1 passed/);
    expect(green.code, tail(green)).toBe(0);
    expect(await postgresAnswers(embeddedUrl(EMBEDDED_PORT))).toBe(false);
  });

  test("with DATABASE_URL (this run's server): red exits non-zero, green exits 0", async () => {
    const env = { DATABASE_URL: process.env.TEST_PG_SERVER_URL };
    const red = await runNode([...vitest, 'red.fixture'], env);
    expect(red.output, tail(red)).toMatch(/Tests\s+1 failed/);
    expect(red.code, tail(red)).not.toBe(0);
    expect(red.code, tail(red)).not.toBeNull();

    const green = await runNode([...vitest, 'green.fixture'], env);
    expect(green.output, tail(green)).toMatch(/Tests\s+1 passed/);
    expect(green.code, tail(green)).toBe(0);
  });
});
