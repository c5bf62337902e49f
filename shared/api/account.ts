/** Sign-in, sign-out and the caller's permissions: the contract both sides read. */
import { z } from 'zod';
import type { Permissions } from '../permissions.js';
import { spec } from './define.js';
import type { Empty } from './tracker.js';

/**
 * A failed sign-in answers 12 whether the login exists or the password is wrong; 15 when
 * throttled; 11 when the account or its dealer is blocked. A successful sign-in writes a session
 * (and its audit row).
 */
export const accountAuth = spec<{ hash: string; permissions: Permissions }>()({
  path: 'account/auth',
  auth: 'none',
  permissions: {},
  writes: true,
  params: z.object({
    login: z.string({ error: 'Required' }).min(1, 'Must not be empty').max(100, 'Must be at most 100 characters'),
    password: z.string({ error: 'Required' }).min(1, 'Must not be empty').max(200, 'Must be at most 200 characters'),
  }),
});

export const accountGetPermissions = spec<{ permissions: Permissions }>()({
  path: 'account/get_permissions',
  permissions: {},
  params: z.object({}),
});

export const accountLogout = spec<Empty>()({
  path: 'account/logout',
  permissions: {},
  params: z.object({}),
  writes: true,
});
