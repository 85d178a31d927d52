// The web edge's door for Remix routes: what takes a Request — cookies (cart, market, admin
// session), the one admin guard, admin form actions, REST API endpoints — and the map from the
// domain's error categories to HTTP statuses.
export { createAdminUserWithForm } from './admin/create-user-form';
export { handleOrderAction, type OrderActionResult } from './admin/order-actions';
export { jobsPageAction } from './admin/jobs-actions';
export { runReconciliationWithForm } from './admin/reconciliation-actions';
export { adminNotFound, guardAdmin } from './admin/route-errors';
export { createAdminSessionCookie, getAdminSession, NO_STORE, requireAdmin, requireAdminAction, safeAdminRedirectPath } from './admin/session';
export { signInWithForm, signOutWithForm } from './admin/sign-in-form';
export { syncPageAction } from './admin/sync-actions';
export { addCartLineEndpoint, createCartEndpoint, getCartEndpoint } from './api/carts';
export { checkoutEndpoint } from './api/checkout';
export { methodNotAllowedEndpoint, openApiEndpoint, unknownEndpoint } from './api/meta';
export { getOrderEndpoint } from './api/orders';
export { listProductsEndpoint, productDetailEndpoint } from './api/products';
export { BodyTooLargeError, MAX_WEBHOOK_BODY_BYTES, readBodyText, webhookBodyTooLarge } from './body';
export { cartCookie, readCartId } from './cart-cookie';
export { httpStatusOf } from './http-status';
export { getRegion, serializeRegion } from './market-cookie';
export { safeRedirectPath } from './redirects';
export { ogImageEndpoint } from './og-image';
