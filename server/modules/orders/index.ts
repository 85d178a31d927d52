// The order: its status machine (the one list of legal transitions), shopper access by number and
// signed link, confirmation emails and money formatting, and the order read models. Only door.
export { changeOrderStatus, type StatusActor } from './change-status';
export { formatMoney, listMailbox, sendOrderConfirmation } from './emails';
export { findOrderNumberByEmail, orderAccessToken, orderLookupSchema, verifyOrderAccessToken } from './order-access';
export { assertTransition, type OrderStatus, orderStatuses, statusLabels } from './order-status';
export { existingOrderIds, getOrderByNumber, getOrderRefunds, listOrders } from './orders';
export { flagOrder, ORDER_FLAG_REASONS, type OrderFlagReason, watchOrderFlags } from './flag';
