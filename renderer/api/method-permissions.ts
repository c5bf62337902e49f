import { contract, type MethodPath } from '../../shared/api/contract';
import { hasPermissions, type Permissions } from '../../shared/permissions';

/**
 * Whether a session holding `granted` may call `path`: the permissions its spec requires
 * (shared/api/contract.ts). The UI hides or disables an action when the session lacks them; the
 * server checks again (13).
 */
export function canCall(granted: Permissions, path: MethodPath): boolean {
  return hasPermissions(granted, contract[path].permissions);
}
