// Server-only door (the Remix compiler empties app/**/*.server.ts in the browser build).
// Only what routes need of the platform: cache headers, the local purge record and the trace ring.
export { CATALOG_CACHE_CONTROL, catalogCacheHeaders, catalogRouteHeaders, NO_STORE, surrogateKey, surrogateKeyHeader } from '../../server/platform/cache-headers';
export { readLocalPurges } from '../../server/platform/purge';
export { summarize as summarizeTrace, traceRing, tracingOn, type SpanRecord, type TraceSummary } from '../../server/platform/tracing';
export { isDatabaseUnavailable } from '../../server/platform/errors';
