import { accountGetPermissions } from '../../../shared/api/account.js';
import { defineMethod } from '../../api/registry.js';

export default defineMethod(accountGetPermissions, ({ session }) => ({ permissions: session.permissions }));
