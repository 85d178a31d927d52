// The bag: a cookie-identified cart, lines clamped to stock, the bag's form schema. Prices and
// totals are computed here, never believed from the browser. Only door of the area.
export { cartFormSchema } from './cart-form';
export { addToCart, adjustCartToStock, CartError, type CartView, createCart, getCart, MAX_LINE_QUANTITY, setCartLineQuantity } from './cart';
