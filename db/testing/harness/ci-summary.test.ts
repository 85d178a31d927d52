// Issue 9: .ci/run's closing line and verdict (.ci/summarize) fail the run when the log counts a
// failure, whatever exit status npm test reported.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from './run';

function summarize(log: string, status: number) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ci-summary-')), 'npm-test.log');
  fs.writeFileSync(file, log);
  const r = spawnSync('bash', ['.ci/summarize', file, String(status)], { cwd: repoRoot, encoding: 'utf8' });
  return { code: r.status, line: r.stdout.split('\n').find((l) => l.startsWith('ci: ')) };
}

const vitestGreen = ['', ' Test Files  66 passed (66)', '      Tests  383 passed (383)', '   Start at  21:10:02', '   Duration  95.2s'].join('\n');
const vitestRed = ['', ' Test Files  1 failed | 65 passed (66)', '      Tests  5 failed | 378 passed (383)', '   Start at  21:10:02'].join('\n');
const vitestLoadError = [' Test Files  1 failed | 65 passed (66)', '      Tests  378 passed (378)'].join('\n');
const vitestUnhandled = [' Test Files  66 passed (66)', '      Tests  383 passed (383)', '     Errors  1 error'].join('\n');
const e2eGreen = ['Running 39 tests using 2 workers', '  ✓  1 [chromium] › specs/health.spec.ts:4:1 › healthz (40ms)', '', '  39 passed (1.6m)'].join('\n');
const e2eRed = ['Running 39 tests using 2 workers', '  1 failed', '    [chromium] › specs/checkout.spec.ts:10:1 › buys', '  38 passed (1.6m)'].join('\n');
// What a terminal shows: Vitest colours its summary.
const coloured = '\x1b[2m      Tests \x1b[22m \x1b[1m\x1b[31m2 failed\x1b[39m\x1b[22m\x1b[2m | \x1b[22m\x1b[1m\x1b[32m10 passed\x1b[39m\x1b[22m\x1b[90m (12)\x1b[39m';

describe('.ci/summarize', () => {
  test('a green run: exit 0 and the plain total', () => {
    expect(summarize(`${vitestGreen}\n${e2eGreen}\n`, 0)).toEqual({ code: 0, line: 'ci: 422 passed, 0 failed' });
  });

  test('failures counted in the log fail the run even when npm test exited 0', () => {
    expect(summarize(`${vitestRed}\n${e2eGreen}\n`, 0)).toEqual({ code: 1, line: 'ci: 417 passed, 5 failed' });
    expect(summarize(`${vitestGreen}\n${e2eRed}\n`, 0)).toEqual({ code: 1, line: 'ci: 421 passed, 1 failed' });
    expect(summarize(`${coloured}\n`, 0)).toEqual({ code: 1, line: 'ci: 10 passed, 2 failed' });
  });

  test('a test file that failed to load, or an unhandled error, counts as a failure', () => {
    expect(summarize(`${vitestLoadError}\n`, 0)).toEqual({ code: 1, line: 'ci: 378 passed, 1 failed' });
    expect(summarize(`${vitestUnhandled}\n`, 0)).toEqual({ code: 1, line: 'ci: 383 passed, 1 failed' });
  });

  test("Terraform's summary line counts too", () => {
    expect(summarize(`terraform: 14 passed, 0 failed\n${vitestGreen}\n${e2eGreen}\n`, 0)).toEqual({ code: 0, line: 'ci: 436 passed, 0 failed' });
    expect(summarize(`terraform: 13 passed, 1 failed\n${vitestGreen}\n`, 0)).toEqual({ code: 1, line: 'ci: 396 passed, 1 failed' });
  });

  test("the fault suite's summary line counts too, and a run that could not complete is a failure", () => {
    expect(summarize(`${vitestGreen}\nfaults: 12 passed, 0 failed (seed 1)\n`, 0)).toEqual({ code: 0, line: 'ci: 395 passed, 0 failed' });
    expect(summarize(`${vitestGreen}\nfaults: 11 passed, 1 failed (seed 1)\n`, 0)).toEqual({ code: 1, line: 'ci: 394 passed, 1 failed' });
    expect(summarize(`${vitestGreen}\n[faults] the run could not complete (seed 1): Error\n`, 0)).toEqual({ code: 1, line: 'ci: 383 passed, 1 failed' });
  });

  test("the failover drill's summary line counts too", () => {
    expect(summarize(`${vitestGreen}\ndrill: 9 passed, 0 failed\n`, 0)).toEqual({ code: 0, line: 'ci: 392 passed, 0 failed' });
    expect(summarize(`${vitestGreen}\ndrill: 8 passed, 1 failed\n`, 0)).toEqual({ code: 1, line: 'ci: 391 passed, 1 failed' });
  });

  test("promtool's summary line (infra/observability/test.sh) counts too", () => {
    expect(summarize(`terraform: 14 passed, 0 failed\npromtool: 43 passed, 0 failed\n${vitestGreen}\n${e2eGreen}\n`, 0)).toEqual({ code: 0, line: 'ci: 479 passed, 0 failed' });
    expect(summarize(`promtool: 42 passed, 1 failed\n${vitestGreen}\n`, 0)).toEqual({ code: 1, line: 'ci: 425 passed, 1 failed' });
  });

  test('a non-zero status stays the verdict, with at least one failure in the line', () => {
    expect(summarize(`${vitestGreen}\n`, 2)).toEqual({ code: 2, line: 'ci: 383 passed, 1 failed' });
    expect(summarize('typecheck failed before any test ran\n', 1)).toEqual({ code: 1, line: 'ci: 0 passed, 1 failed' });
  });
});
