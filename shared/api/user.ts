/** Users (the dealer's customers) and their balance transactions: the contract both sides read. */
import { z } from 'zod';
import type { User } from '../entities.js';
import { spec, type FileAnswer } from './define.js';
import { array, bool, decimal, id, int, MAX_PAGE_SIZE, nullable, object, oneOf, paging } from './params.js';
import type { Empty } from './tracker.js';

/** Editable text fields of the user object (stored together as the user's profile). */
export const userProfileFields = [
  'first_name',
  'middle_name',
  'last_name',
  'legal_name',
  'phone',
  'post_country',
  'post_index',
  'post_region',
  'post_city',
  'post_street_address',
  'registered_country',
  'registered_index',
  'registered_region',
  'registered_city',
  'registered_street_address',
  'state_reg_num',
  'tin',
  'okpo_code',
  'iec',
] as const;
export type UserProfile = Record<(typeof userProfileFields)[number], string>;

/** What user/list may be ordered by. */
export const userOrderKeys = ['id', 'login', 'last_name', 'balance', 'bonus', 'phone', 'post_city'] as const;
export type UserOrder = (typeof userOrderKeys)[number];

const optionalText = (max: number) => z.string({ error: 'Must be a string' }).max(max, `Must be at most ${max} characters`).optional();

export const userLogin = () => z.string({ error: 'Required' }).max(100, 'Must be at most 100 characters').email('Must be a valid email address');

/** User object fields writable by user/create and user/update (read-only ones are ignored). */
export const userFields = {
  login: userLogin(),
  activated: bool().optional(),
  verified: bool().optional(),
  first_name: optionalText(100),
  middle_name: optionalText(100),
  last_name: optionalText(100),
  legal_name: optionalText(200),
  legal_type: oneOf(['legal_entity', 'individual', 'sole_trader']),
  phone: z
    .string({ error: 'Must be a string' })
    .regex(/^(\d{10,15})?$/, 'Must be 10 to 15 digits')
    .optional(),
  post_country: optionalText(100),
  post_index: optionalText(20),
  post_region: optionalText(100),
  post_city: optionalText(100),
  post_street_address: optionalText(200),
  registered_country: optionalText(100),
  registered_index: optionalText(20),
  registered_region: optionalText(100),
  registered_city: optionalText(100),
  registered_street_address: optionalText(200),
  state_reg_num: optionalText(15),
  tin: optionalText(30),
  okpo_code: optionalText(30),
  iec: optionalText(30),
  default_tariff_id: nullable(id()).optional(),
};

export const userPassword = () =>
  z
    .string({ error: 'Required' })
    .min(6, 'Must be 6 to 20 printable characters')
    .max(20, 'Must be 6 to 20 printable characters')
    .regex(/^[\x20-\x7e]+$/, 'Must be 6 to 20 printable characters');

/** The discount object of the user doc. */
export const userDiscount = () =>
  object({
    value: decimal(0, 100),
    min_trackers: int(0),
    end_date: nullable(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Must be YYYY-MM-DD')).optional(),
    strategy: oneOf(['no_summing', 'sum_with_progressive']),
  });
export type UserDiscount = z.output<ReturnType<typeof userDiscount>>;

/** The Navixy transaction object. */
export interface UserTransaction {
  description: string;
  type: string;
  subtype: string;
  timestamp: string;
  user_id: number;
  dealer_id: number;
  tracker_id: number;
  amount: number;
  new_balance: number;
  old_balance: number;
  bonus_amount: number;
  new_bonus: number;
  old_bonus: number;
}

export const userCreate = spec<{ id: number }>()({
  path: 'user/create',
  permissions: { users: ['create'] },
  params: z.object({
    user: object(userFields),
    time_zone: z
      .string({ error: 'Must be a string' })
      .max(64)
      .regex(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, 'Must be a time zone name like Europe/Berlin')
      .optional(),
    locale: z
      .string({ error: 'Must be a string' })
      .regex(/^[a-z]{2}(_[A-Z]{2})?$/, 'Must be like en or en_US')
      .optional(),
    password: userPassword(),
    discount: userDiscount().optional(),
  }),
  writes: true,
});

export const userList = spec<{ list: User[]; count: number }>()({
  path: 'user/list',
  permissions: { users: ['read'] },
  params: z.object({
    ...paging,
    order_by: oneOf(userOrderKeys).optional(),
    hide_inactive: bool().optional(),
  }),
});

/** The discount object sits next to `value`, as the user doc shows it; left out when none. */
export const userRead = spec<{ value: User; discount?: UserDiscount }>()({
  path: 'user/read',
  permissions: { users: ['read'] },
  params: z.object({ user_id: id() }),
});

/** A changed `legal_type` is ignored (the user doc: it "will not be changed"); read-only fields (balance, ...) too. */
export const userUpdate = spec<Empty>()({
  path: 'user/update',
  permissions: { users: ['update'] },
  params: z.object({
    user: object({ ...userFields, id: id(), legal_type: userFields.legal_type.optional(), login: userFields.login.optional() }),
    discount: nullable(userDiscount()).optional(),
  }),
  writes: true,
});

/** Sets a user's password (6 to 20 printable characters). Users have no sessions here, so none end. */
export const userChangePassword = spec<Empty>()({
  path: 'user/change_password',
  permissions: { users: ['update'] },
  params: z.object({ user_id: id(), password: userPassword() }),
  writes: true,
});

/**
 * The user doc's deletion: the user and every tracker it holds are marked deleted and the sources
 * of its original trackers corrupted. `login` must be the user's login (a typed confirmation).
 */
export const userCorrupt = spec<Empty>()({
  path: 'user/corrupt',
  permissions: { users: ['corrupt'] },
  params: z.object({ user_id: id(), login: z.string({ error: 'Required' }).min(1, 'Required').max(100, 'Must be at most 100 characters') }),
  writes: true,
});

/** Columns user/export can write: the user object's fields. */
export const userExportColumns = [
  'id',
  'dealer_id',
  'login',
  'activated',
  'verified',
  ...userProfileFields,
  'legal_type',
  'balance',
  'bonus',
  'creation_date',
  'trackers_count',
  'comment',
  'default_tariff_id',
] as const;
export type UserExportColumn = (typeof userExportColumns)[number];
export const defaultUserExportColumns: readonly UserExportColumn[] = ['id', 'login', 'first_name', 'middle_name', 'last_name', 'phone'];

/**
 * The user list as a CSV or XLSX file (user/list's selection and order), one column per requested
 * field, headed by the field names. Over HTTP the response is the file itself (a download).
 */
export const userExport = spec<{ file: FileAnswer }>()({
  path: 'user/export',
  permissions: { users: ['read'] },
  params: z.object({
    ...paging,
    order_by: oneOf(userOrderKeys).optional(),
    hide_inactive: bool().optional(),
    format: oneOf(['xlsx', 'csv']).optional(),
    columns: array(oneOf(userExportColumns), userExportColumns.length * 2)
      .refine((c) => c.length > 0, 'Must not be empty')
      .refine((c) => new Set(c).size === c.length, 'Must not repeat a column')
      .optional(),
  }),
});

/** Largest file user/upload takes (271 beyond) and most user rows in one (267 beyond). */
export const USER_UPLOAD_MAX_BYTES = 2 * 1024 * 1024;
export const USER_UPLOAD_MAX_ROWS = 1000;

/** Columns a user/upload file may have (`login` and `legal_type` required; unknown ones refused). */
export const userUploadColumns = ['login', 'password', 'legal_type', 'activated', 'verified', ...userProfileFields] as const;

/**
 * Bulk creation of users from a CSV or XLSX file (its first sheet), given as base64 text in `file`:
 * a header row of user object field names, then one user per row. All or nothing: any bad row
 * answers 7 naming `row <n>.<field>` (n as a spreadsheet numbers rows, header = 1) and creates none.
 */
export const userUpload = spec<{ list: number[] }>()({
  path: 'user/upload',
  permissions: { users: ['create'] },
  params: z.object({
    file: z
      .string({ error: 'Required' })
      .min(1, 'Required')
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Must be the file as base64 text'),
  }),
  writes: true,
});

const dateTime = () =>
  z
    .string({ error: 'Required' })
    .regex(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/, 'Must be YYYY-MM-DD HH:MM:SS (UTC)')
    .transform((s) => (s.length === 10 ? `${s} 00:00:00` : s));

export const userTransactionList = spec<{ list: UserTransaction[] }>()({
  path: 'user/transaction/list',
  permissions: { users: ['read'], transactions: ['read'] },
  params: z
    .object({ user_id: id(), from: dateTime(), to: dateTime(), limit: int(1, MAX_PAGE_SIZE).optional() })
    .refine((p) => p.from <= p.to, { message: 'Must not be after to', path: ['from'] }),
});

/** Writes a `payment`/`partner` transaction; a payment also bills (and unblocks) trackers blocked for non-payment. */
export const userTransactionChangeBalance = spec<Empty>()({
  path: 'user/transaction/change_balance',
  permissions: { users: ['update'], transactions: ['create'] },
  params: z.object({
    user_id: id(),
    amount: decimal(-1_000_000, 1_000_000)
      .refine((n) => Math.round(n * 100) === n * 100 || Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'At most 2 decimals')
      .refine((n) => n !== 0, 'Must not be 0'),
    type: oneOf(['balance', 'bonus']),
    text: z.string({ error: 'Required' }).trim().min(5, 'Must be at least 5 characters').max(1000, 'Must be at most 1000 characters'),
  }),
  writes: true,
});
