// Playwright's web server for the harness test: like e2e/server.ts it owns a Postgres (the
// embedded one unless DATABASE_URL is set) and stops in order on SIGTERM/SIGINT.
import http from 'node:http';
import postgres from 'postgres';
import { ensurePostgres } from '../../postgres';

const port = Number(process.env.HARNESS_PORT ?? 3190);
const pg = await ensurePostgres({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.HARNESS_PG_DIR ?? '.data/postgres-harness-e2e',
  port: Number(process.env.HARNESS_PG_PORT ?? 54369),
  stopOnSignal: false,
});
const sql = postgres(pg.serverUrl, { max: 1 });
const server = http.createServer((req, res) => {
  sql`select 1 + 1 as two`.then(
    ([row]) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ two: row.two })),
    (err: Error) => res.writeHead(503).end(err.message),
  );
});
server.listen(port, '127.0.0.1');
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close();
    void sql.end({ timeout: 2 }).then(() => pg.stop()).then(() => process.exit(0));
  });
}
