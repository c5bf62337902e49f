import type { MethodDeclaration } from '../api/registry.js';
import { billingMethods } from './billing-methods.js';
import { bundleMethods } from './bundle-methods.js';
import { deviceMethods } from './device-methods.js';
import accountAuth from './account/auth.js';
import accountGetPermissions from './account/get_permissions.js';
import accountLogout from './account/logout.js';
import auditLogList from './audit/log/list.js';
import dealerGetInfo from './dealer/get_info.js';
import staffCreate from './staff/create.js';
import staffDelete from './staff/delete.js';
import staffList from './staff/list.js';
import staffUpdate from './staff/update.js';
import tariffCreate from './tariff/create.js';
import tariffList from './tariff/list.js';
import tariffRead from './tariff/read.js';
import tariffUpdate from './tariff/update.js';
import trackerBatchClone from './tracker/batch_clone.js';
import trackerBatchRegister from './tracker/batch_register.js';
import trackerBatchDeleteClones from './tracker/batch_delete_clones.js';
import trackerClone from './tracker/clone.js';
import trackerCorrupt from './tracker/corrupt.js';
import trackerDeleteClone from './tracker/delete_clone.js';
import trackerList from './tracker/list.js';
import trackerListModels from './tracker/list_models.js';
import trackerMove from './tracker/move.js';
import trackerRead from './tracker/read.js';
import trackerRegister from './tracker/register.js';
import trackerSettingsUpdate from './tracker/settings/update.js';
import trackerSourceUpdate from './tracker/source/update.js';
import userChangePassword from './user/change_password.js';
import userCorrupt from './user/corrupt.js';
import userCreate from './user/create.js';
import userExport from './user/export.js';
import userList from './user/list.js';
import userRead from './user/read.js';
import userUpdate from './user/update.js';
import userUpload from './user/upload.js';

/** Accounts, staff, users, tariffs and the core tracker methods. */
const coreMethods: MethodDeclaration[] = [
  accountAuth,
  accountGetPermissions,
  accountLogout,
  auditLogList,
  dealerGetInfo,
  staffCreate,
  staffList,
  staffUpdate,
  staffDelete,
  userChangePassword,
  userCorrupt,
  userCreate,
  userExport,
  userList,
  userRead,
  userUpdate,
  userUpload,
  tariffCreate,
  tariffList,
  tariffRead,
  tariffUpdate,
  trackerListModels,
  trackerRegister,
  trackerBatchRegister,
  trackerList,
  trackerRead,
  trackerSettingsUpdate,
  trackerSourceUpdate,
  trackerClone,
  trackerBatchClone,
  trackerDeleteClone,
  trackerBatchDeleteClones,
  trackerMove,
  trackerCorrupt,
] as MethodDeclaration[];

/** Every API method. Adding a method = adding its file and one line in its area's list. */
export const allMethods: MethodDeclaration[] = [...coreMethods, ...billingMethods, ...bundleMethods, ...deviceMethods];
