// Passes (the harness test expects exit 0): the same real query, a true assertion.
import postgres from 'postgres';
import { expect, test } from 'vitest';

test('a green test after a real query', async () => {
  const sql = postgres(process.env.TEST_PG_SERVER_URL!, { max: 1 });
  const [row] = await sql`select 1 + 1 as two`;
  await sql.end();
  expect(row.two).toBe(2);
});
