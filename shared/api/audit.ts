/** The audit trail of staff actions: the contract both sides read. */
import { z } from 'zod';
import { spec } from './define.js';
import { MAX_PAGE_SIZE, id, int } from './params.js';

/** One field an audited call changed: its value before and after (shortened like parameters). */
export interface AuditChange {
  entity_type: string;
  entity_id: number;
  field: string;
  before: unknown;
  after: unknown;
}

/** One audited call: a successful write, a refusal for missing permission (13), a sign-in or sign-out. */
export interface AuditEntry {
  id: number;
  /** UTC, `YYYY-MM-DD HH:MM:SS`, from the server's clock. */
  time: string;
  account_id: number;
  login: string;
  /** `administrator` or `staff`. */
  account_type: 'administrator' | 'staff';
  /** `ipc` (the desktop window) or `http`. */
  transport: 'ipc' | 'http';
  remote_address: string | null;
  /** The method path, e.g. `tracker/move`. */
  action: string;
  /** The entities the call touched (from its parameters and the rows it created). */
  entities: { type: string; id: number }[];
  /** Its parameters, with passwords, hashes and keys replaced by `"[redacted]"` and long values shortened. */
  params: Record<string, unknown>;
  /** 0 for a success, 13 for a refusal for missing permission, 12 for failed sign-ins. */
  result_code: number;
  /** The fields it changed, before and after, e.g. a tracker's label, a source's tariff or block state, a user's balance. */
  changes: AuditChange[];
}

/** The entity types `entity_type` accepts. */
export const auditEntityTypes = ['tracker', 'user', 'tariff', 'staff', 'order', 'bundle', 'sim_card', 'transaction'] as const;
export type AuditEntityType = (typeof auditEntityTypes)[number];

const dateTime = () =>
  z
    .string({ error: 'Required' })
    .regex(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/, 'Must be YYYY-MM-DD HH:MM:SS (UTC)')
    .transform((s) => (s.length === 10 ? `${s} 00:00:00` : s));

/**
 * Not a Navixy panel method. Audit rows of the caller's dealer with `from` ≤ time ≤ `to`, newest
 * first, optionally of one account, one action (method path) or one entity; `count` ignores paging.
 */
export const auditLogList = spec<{ list: AuditEntry[]; count: number }>()({
  path: 'audit/log/list',
  permissions: { audit: ['read'] },
  params: z
    .object({
      from: dateTime(),
      to: dateTime(),
      account_id: id().optional(),
      /** Only the administrator's rows, or only staff members' (the staff filter's Administrator). */
      account_type: z.enum(['administrator', 'staff'], { error: () => 'Must be one of: administrator, staff' }).optional(),
      action: z
        .string({ error: 'Must be a string' })
        .regex(/^[a-z_]+(\/[a-z_]+)+$/, 'Must be a method path like tracker/move')
        .max(100, 'Must be at most 100 characters')
        .optional(),
      entity_type: z.enum(auditEntityTypes, { error: () => `Must be one of: ${auditEntityTypes.join(', ')}` }).optional(),
      entity_id: id().optional(),
      offset: int(0).optional(),
      limit: int(1, MAX_PAGE_SIZE).optional(),
    })
    .refine((p) => p.from <= p.to, { message: 'Must not be after to', path: ['from'] })
    .refine((p) => p.entity_id === undefined || p.entity_type !== undefined, { message: 'Required with entity_id', path: ['entity_type'] }),
});
