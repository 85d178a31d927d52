// Server-only door (the Remix compiler empties app/**/*.server.ts in the browser build).
export * from '../../server/modules/invariants';
