// Server-only door (the Remix compiler empties app/**/*.server.ts in the browser build).
export { receiveShopifyWebhook } from '../../server/modules/shopify-sync/inbound';
export { sharedShopifyClient } from '../../server/integrations/shopify/client';
