/** Staff logins of the dealer (besides its administrator): the contract both sides read. */
import { z } from 'zod';
import { adminOnlyCategories, normalizePermissions, permissionCatalogue, type Permissions } from '../permissions.js';
import { spec } from './define.js';
import { bool, id, json } from './params.js';
import type { Empty } from './tracker.js';

/** A staff login as staff/list shows it. */
export interface StaffMember {
  id: number;
  login: string;
  permissions: Permissions;
  blocked: boolean;
  creation_date: string;
}

const catalogue = permissionCatalogue as Record<string, readonly string[]>;

/** A permission set in the shape account/auth returns: `{"trackers": ["read", "update"], ...}`. */
export const staffPermissions = () =>
  json(z.record(z.string(), z.array(z.string(), { error: 'Must be a list of operations' }), { error: 'Must be a JSON object' }))
    .superRefine((value, ctx) => {
      for (const [category, ops] of Object.entries(value)) {
        if (adminOnlyCategories.has(category)) {
          ctx.addIssue({ code: 'custom', message: `Category ${category} is reserved for the administrator`, path: [category] });
        } else if (!catalogue[category]) {
          ctx.addIssue({ code: 'custom', message: `Unknown permission category ${category}`, path: [category] });
        } else {
          const unknown = ops.filter((op) => !catalogue[category]!.includes(op));
          if (unknown.length) ctx.addIssue({ code: 'custom', message: `Unknown operation ${unknown.join(', ')}`, path: [category] });
        }
      }
    })
    .transform((value): Permissions => normalizePermissions(value));

export const staffPassword = () =>
  z
    .string({ error: 'Required' })
    .min(8, 'Must be at least 8 characters')
    .max(100, 'Must be at most 100 characters')
    .regex(/^[\x20-\x7e]+$/, 'Must consist of printable characters');

export const staffLogin = () =>
  z
    .string({ error: 'Required' })
    .min(3, 'Must be at least 3 characters')
    .max(64, 'Must be at most 64 characters')
    .regex(/^[A-Za-z0-9._@+-]+$/, 'Letters, digits and . _ @ + - only');

export const staffCreate = spec<{ id: number }>()({
  path: 'staff/create',
  permissions: { staff: ['create'] },
  params: z.object({ login: staffLogin(), password: staffPassword(), permissions: staffPermissions() }),
  writes: true,
});

export const staffList = spec<{ list: StaffMember[]; count: number }>()({
  path: 'staff/list',
  permissions: { staff: ['read'] },
  params: z.object({}),
});

/** A block, a new password or a permission removed closes the staff member's open consoles. */
export const staffUpdate = spec<Empty>()({
  path: 'staff/update',
  permissions: { staff: ['update'] },
  params: z.object({
    staff_id: id(),
    permissions: staffPermissions().optional(),
    password: staffPassword().optional(),
    blocked: bool().optional(),
  }),
  writes: true,
});

export const staffDelete = spec<Empty>()({
  path: 'staff/delete',
  permissions: { staff: ['delete'] },
  params: z.object({ staff_id: id() }),
  writes: true,
});
