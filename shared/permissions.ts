/**
 * Panel permission categories and operations (docs/navixy-api-facts.md §3.2), plus this product's `staff`
 * category (staff logins), `billing: run` (administrator-only billing run) and `audit: read` (the audit
 * trail, audit/log/list: the administrator's by default, grantable to staff).
 */
export const permissionCatalogue = {
  accounting: ['generate'],
  activation_code: ['create', 'read', 'update'],
  base: ['get_dealer_info'],
  notification_settings: ['read', 'update'],
  service_settings: ['read', 'update'],
  tariffs: ['create', 'read', 'update'],
  trackers: ['create', 'read', 'update', 'delete', 'corrupt'],
  transactions: ['create', 'read', 'update'],
  users: ['create', 'read', 'update', 'delete', 'corrupt'],
  user_sessions: ['create'],
  sms: ['create'],
  tracker_bundles: ['create', 'read', 'update'],
  staff: ['create', 'read', 'update', 'delete'],
  billing: ['run'],
  audit: ['read'],
} as const;

export type PermissionCategory = keyof typeof permissionCatalogue;
export type Permissions = Partial<Record<string, string[]>>;

/** Everything: what the dealer's administrator account holds. */
export function allPermissions(): Permissions {
  const result: Permissions = {};
  for (const [category, ops] of Object.entries(permissionCatalogue)) result[category] = [...ops];
  return result;
}

/** Categories the administrator alone holds by default; staff can never be given them. */
export const adminOnlyCategories: ReadonlySet<string> = new Set(['staff', 'billing']);

export function hasPermissions(granted: Permissions, required: Permissions): boolean {
  for (const [category, ops] of Object.entries(required)) {
    const have = granted[category] ?? [];
    for (const op of ops ?? []) if (!have.includes(op)) return false;
  }
  return true;
}

/** Keeps only known (category, operation) pairs, sorted, so stored sets compare equal. */
export function normalizePermissions(input: Permissions): Permissions {
  const result: Permissions = {};
  for (const [category, ops] of Object.entries(input)) {
    const known = (permissionCatalogue as Record<string, readonly string[]>)[category];
    if (!known || !ops) continue;
    const kept = known.filter((op) => ops.includes(op));
    if (kept.length) result[category] = kept;
  }
  return result;
}
