// The web edge's door for Remix routes: REST API endpoints and admin form actions, the code that
// takes a Request, parses it, calls the modules' doors and maps their errors to HTTP statuses.
export { createAdminUserWithForm } from './admin/create-user-form';
export { handleOrderAction, type OrderActionResult } from './admin/order-actions';
export { adminNotFound, guardAdmin } from './admin/route-errors';
export { addCartLineEndpoint, createCartEndpoint, getCartEndpoint } from './api/carts';
export { checkoutEndpoint } from './api/checkout';
export { methodNotAllowedEndpoint, openApiEndpoint, unknownEndpoint } from './api/meta';
export { getOrderEndpoint } from './api/orders';
export { listProductsEndpoint, productDetailEndpoint } from './api/products';
export { createAdminSessionCookie, getAdminSession, requireAdmin, requireAdminAction, safeAdminRedirectPath } from './admin/session';
export { signInWithForm, signOutWithForm } from './admin/sign-in-form';
export { cartCookie, readCartId } from './cart-cookie';
export { getRegion, safeRedirectPath, serializeRegion } from './market-cookie';
export { runReconciliationWithForm } from './admin/reconciliation-actions';
export { syncPageAction } from './admin/sync-actions';
export { httpStatusOf } from './http-status';
export { NO_STORE } from './admin/session';
