// Server-only door (the Remix compiler empties app/**/*.server.ts in the browser build).
export { receiveShopifyWebhook } from '../../server/shopify-inbound.server';
export { sharedShopifyClient } from '../../server/shopify.server';
