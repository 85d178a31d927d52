// Server-only door (the Remix compiler empties app/**/*.server.ts in the browser build).
// Only what routes need of the platform and integrations: cache headers, local purges, Shopify's client.
export { sharedShopifyClient } from '../../server/integrations/shopify/client';
export { catalogCacheHeaders, catalogRouteHeaders, NO_STORE, surrogateKey } from '../../server/platform/cache-headers';
export { readLocalPurges } from '../../server/platform/purge';
