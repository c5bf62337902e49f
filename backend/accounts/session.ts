import type { Permissions } from '../../shared/permissions.js';

/** Who is calling: the signed-in account behind a session hash. */
export interface Session {
  hash: string;
  accountId: number;
  dealerId: number;
  login: string;
  isAdmin: boolean;
  permissions: Permissions;
}
