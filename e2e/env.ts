// Where the e2e stack lives, computed the same way by the server launcher and the test process:
// a fresh `dotshop_e2e` database on DATABASE_URL's server, or on an embedded Postgres of its own.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_DB_NAME = process.env.E2E_DB_NAME ?? 'dotshop_e2e';
export const E2E_EMBEDDED_PG_PORT = Number(process.env.E2E_EMBEDDED_PG_PORT ?? 54349);
export const E2E_EMBEDDED_PG_DIR = process.env.E2E_EMBEDDED_PG_DIR ?? '.data/postgres-e2e';

export function e2eDatabaseUrl(): string {
  const base = process.env.DATABASE_URL ?? `postgres://postgres:dotshop-local@127.0.0.1:${E2E_EMBEDDED_PG_PORT}/postgres`;
  const u = new URL(base);
  u.pathname = `/${E2E_DB_NAME}`;
  return u.toString();
}
