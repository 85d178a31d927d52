// Fails on purpose (the harness test expects a non-zero exit). Reaches the run's Postgres first, so
// the failure comes after the global setup has really started or reached it.
import postgres from 'postgres';
import { expect, test } from 'vitest';

test('a red test after a real query', async () => {
  const sql = postgres(process.env.TEST_PG_SERVER_URL!, { max: 1 });
  const [row] = await sql`select 1 + 1 as two`;
  await sql.end();
  expect(row.two).toBe(3);
});
