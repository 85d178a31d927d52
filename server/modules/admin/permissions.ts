// The one permission vocabulary, shared by the admin UI (which hides what a role may not do) and
// the server (which refuses it): roles, and for each permission the roles that hold it. Pure data,
// so browser code may import this file directly (Epic Stack's permissions.server.ts + user.ts).
export const ADMIN_ROLES = ['owner', 'support', 'finance'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export const PERMISSIONS = {
  'orders.fulfil': ['owner', 'support'],
  'orders.cancel': ['owner', 'support'],
  'orders.refund': ['owner', 'finance'],
  'reconciliation.view': ['owner', 'finance'],
  'reconciliation.run': ['owner', 'finance'],
  'shopify.retry_push': ['owner'],
  'shopify.run_drift_pass': ['owner'],
  'audit.view': ['owner'],
  'traces.view': ['owner'],
  'jobs.manage': ['owner'],
  'users.manage': ['owner'],
} as const satisfies Record<string, readonly AdminRole[]>;

export type Permission = keyof typeof PERMISSIONS;

/** The roles that hold a permission (for a route guard's `roles`). */
export function rolesFor(permission: Permission): readonly AdminRole[] {
  return PERMISSIONS[permission];
}

export function can(role: AdminRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly AdminRole[]).includes(role);
}
