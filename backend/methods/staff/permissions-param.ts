import { z } from 'zod';
import { adminOnlyCategories, normalizePermissions, permissionCatalogue, type Permissions } from '../../../shared/permissions.js';
import { json } from '../../../shared/api/params.js';

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
