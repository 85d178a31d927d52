// Admin area: who may do what (roles), sign-in, sessions, CSRF, admin users and their passwords,
// the audit log (its only writer, always redacting), and the admin's read models (dashboard,
// products, orders, disputes). This file is the area's only door: its export list is its API.
export { adminActor, type AuditActor, auditInsertFrom, listAudit, listAuditActions, writeAudit } from './audit';
export { LOCKOUT_MINUTES, signIn, signOut } from './auth';
export { CSRF_FIELD_NAME, isValidCsrfToken } from './csrf';
export { getDashboardCounts, getReconciliationFlag, listStockAlerts, LOW_STOCK_MAX } from './dashboard';
export { listDisputes } from './disputes';
export { getAdminOrder } from './orders';
export { listProductsWithStock } from './products';
export { ADMIN_SESSION_TTL_SECONDS, type AdminSession, deleteAdminSession, findAdminSession, insertAdminSession, purgeExpiredAdminSessions } from './sessions';
export { ADMIN_ROLES, type AdminRole, can, type Permission, PERMISSIONS, rolesFor } from './permissions';
export { type AdminUserSummary, createAdminUser, DuplicateAdminEmailError, ensureOwnerAccount, listAdminUsers, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './users';
export { type FailedJobAction, type FailedJobRow, type JobQueueRow, listFailedJobs, listJobQueues, requestFailedJobAction, WORK_QUEUES } from './jobs';
