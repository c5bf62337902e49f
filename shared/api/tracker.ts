/** Tracker methods: the contract both sides read (panel tracker API). */
import { z } from 'zod';
import type { ConnectionStatus } from '../connection-status.js';
import { isPrintableCommand } from '../console-text.js';
import type { DeviceModel, Tracker } from '../entities.js';
import { spec } from './define.js';
import { array, bool, id, int, nullable, oneOf, paging, trackerComment, trackerLabel } from './params.js';
import { clonesFilterValues, HISTORY_PAGE_MAX, parseUtcDateTime, trackerOrderKeys, utcDateTimeParam } from './tracker-params.js';

/** An answer with nothing but `success`. */
export type Empty = Record<string, never>;

export const trackerMove = spec<Empty>()({
  path: 'tracker/move',
  permissions: { trackers: ['create', 'delete'] },
  params: z.object({ tracker_id: id(), user_id: id() }),
  writes: true,
});

/**
 * Not a Navixy panel method (registration lives in the user API there): registers a device for
 * one of the dealer's users. When the device id is the IMEI of one of the dealer's bundles, the
 * tracker takes the bundle's model and its SIM card's phone (they win over `model`/`phone`).
 */
export const trackerRegister = spec<{ id: number }>()({
  path: 'tracker/register',
  permissions: { trackers: ['create'] },
  params: z.object({
    user_id: id(),
    label: trackerLabel(),
    model: z.string({ error: 'Must be a string' }).min(1, 'Must not be empty').max(64, 'Must be at most 64 characters').optional(),
    device_id: z.string({ error: 'Required' }).regex(/^[0-9A-Za-z_.:-]{3,64}$/, 'Must be 3 to 64 letters, digits or - _ . :'),
    phone: nullable(z.string({ error: 'Must be a string' }).regex(/^\d{5,20}$/, 'Must be 5 to 20 digits')).optional(),
    tariff_id: id().optional(),
  }),
  writes: true,
});

/** Most trackers one tracker/batch_register call registers. */
export const BATCH_REGISTER_MAX = 1000;

/** One item's outcome in tracker/batch_register: the new tracker's id, or why it was not registered. */
export type BatchRegisterResult = { id: number } | { error: { code: number; description: string; errors?: { parameter: string; error: string }[] } };

/**
 * Registers up to 1,000 trackers in one call, **per item**: each item is tracker/register's
 * params (plus an optional `comment`), checked as tracker/register checks it (201 user or plan,
 * 220 model, 221 device limit, 223 phone in use, 224 device id in use, 7 no model or no plan to
 * fall back on); a refused item registers nothing and the others still go, all written in one
 * transaction. Items are registered in request order, so a later item repeating an earlier one's
 * device id or phone gets 224/223. A malformed item refuses the whole call (7, nothing written).
 */
export const trackerBatchRegister = spec<{ list: BatchRegisterResult[] }>()({
  path: 'tracker/batch_register',
  permissions: { trackers: ['create'] },
  params: z.object({
    trackers: array(trackerRegister.params.extend({ comment: trackerComment().optional() }), BATCH_REGISTER_MAX).refine(
      (items) => items.length > 0,
      'Must not be empty',
    ),
  }),
  writes: true,
});

/**
 * Sends the activation commands (point the device at this server, reset its tracking settings) over
 * the open connection, or queues them (reliable) for when the device connects. `register_entry`
 * is the documented alias (a typo the Navixy docs fixed in 2022).
 */
export const trackerRegisterRetry = spec<{ sent: boolean }>()({
  path: 'tracker/register_retry',
  aliases: ['tracker/register_entry'],
  permissions: { trackers: ['update'] },
  params: z.object({ tracker_id: id() }),
  writes: true,
});

export const trackerList = spec<{ list: Tracker[]; count: number }>()({
  path: 'tracker/list',
  permissions: { trackers: ['read'] },
  params: z.object({
    ...paging,
    user_id: id().optional(),
    tariff_id: id().optional(),
    order_by: oneOf(trackerOrderKeys).optional(),
    clones_filter: oneOf(clonesFilterValues).optional(),
  }),
});

export const trackerListModels = spec<{ list: DeviceModel[] }>()({
  path: 'tracker/list_models',
  permissions: { trackers: ['read'] },
  params: z.object({}),
});

export const trackerRead = spec<{ value: Tracker }>()({
  path: 'tracker/read',
  permissions: { trackers: ['read'] },
  params: z.object({ tracker_id: id() }),
});

/** Each of label, deleted and comment may be left out; at least one must be given. */
export const trackerSettingsUpdate = spec<Empty>()({
  path: 'tracker/settings/update',
  permissions: { trackers: ['update'] },
  params: z
    .object({ tracker_id: id(), label: trackerLabel().optional(), deleted: bool().optional(), comment: trackerComment().optional() })
    .refine((p) => p.label !== undefined || p.deleted !== undefined || p.comment !== undefined, {
      message: 'Give at least one of label, deleted, comment',
      path: ['label'],
    }),
  writes: true,
});

/** Blocking acts on the source, so the original and all its clones are blocked together. */
export const trackerSourceUpdate = spec<Empty>()({
  path: 'tracker/source/update',
  permissions: { trackers: ['update'] },
  params: z.object({ tracker_id: id(), blocked: bool() }),
  writes: true,
});

export const trackerClone = spec<{ id: number }>()({
  path: 'tracker/clone',
  permissions: { trackers: ['create'] },
  params: z.object({ tracker_id: id(), label: trackerLabel(), user_id: id() }),
  writes: true,
});

/** Most trackers one tracker/batch_clone call clones. */
export const BATCH_CLONE_MAX = 500;

/** One clone tracker/batch_clone made: the original's id and the new clone's id. */
export interface BatchClone {
  tracker_id: number;
  id: number;
}

/**
 * Clones several of the dealer's originals for one user, all or nothing: every tracker is
 * checked (201 unknown or not the dealer's, 219 a clone, 252 corrupted, 246 owned by `user_id`,
 * 247 the user already has its clone) and any refusal creates no clone, with the offending
 * tracker ids as `list`. `ignore_existing` skips the trackers the user already has a clone of
 * (they come back in `skipped`) instead of refusing with 247. Each clone takes its original's label.
 */
export const trackerBatchClone = spec<{ list: BatchClone[]; skipped: number[] }>()({
  path: 'tracker/batch_clone',
  permissions: { trackers: ['create'] },
  params: z.object({
    trackers: array(id(), BATCH_CLONE_MAX)
      .refine((ids) => ids.length > 0, 'Must not be empty')
      .refine((ids) => new Set(ids).size === ids.length, 'Must not repeat a tracker id'),
    user_id: id(),
    ignore_existing: bool().optional(),
  }),
  writes: true,
});

export const trackerDeleteClone = spec<Empty>()({
  path: 'tracker/delete_clone',
  permissions: { trackers: ['delete'] },
  params: z.object({ tracker_id: id() }),
  writes: true,
});

/** A clone tracker/batch_delete_clones did not delete, with the reason in the error table's words. */
export interface CloneNotDeleted {
  id: number;
  error: string;
}

/** Succeeds even when some ids cannot be deleted; those come back with the reason. */
export const trackerBatchDeleteClones = spec<{ deleted_count: number; not_deleted_count: number; not_deleted_trackers?: CloneNotDeleted[] }>()({
  path: 'tracker/batch_delete_clones',
  permissions: { trackers: ['delete'] },
  params: z.object({ trackers: array(id(), 1000).refine((ids) => ids.length > 0, 'Must not be empty') }),
  writes: true,
});

/**
 * `corrupt_clones` (added to Navixy 2022-11, default true): the tracker's clones are marked deleted
 * with it (they share its corrupted source); false keeps the spec-era refusal, 253 with the clone ids.
 */
export const trackerCorrupt = spec<Empty>()({
  path: 'tracker/corrupt',
  permissions: { trackers: ['corrupt'] },
  params: z.object({ tracker_id: id(), corrupt_clones: bool().optional() }),
  writes: true,
});

/** The `state` object of the Navixy user-API `tracker/get_state` (dates UTC `YYYY-MM-DD HH:MM:SS`). */
export interface TrackerState {
  source_id: number;
  gps: {
    updated: string | null;
    signal_level: number | null;
    location: { lat: number; lng: number } | null;
    heading: number;
    speed: number;
    alt: number;
  };
  connection_status: ConnectionStatus;
  movement_status: 'moving' | 'stopped' | 'parked';
  gsm: { updated: string; signal_level: number | null; network_name: null; roaming: null } | null;
  last_update: string | null;
  battery_level: number | null;
  battery_update: string | null;
  inputs: boolean[];
  inputs_update: string | null;
  outputs: boolean[];
  outputs_update: string | null;
  additional: Record<string, never>;
}

/** The Navixy user-API `get_state` object, for a tracker of the dealer (dates UTC). */
export const trackerGetState = spec<{ user_time: string; state: TrackerState }>()({
  path: 'tracker/get_state',
  permissions: { trackers: ['read'] },
  params: z.object({ tracker_id: id() }),
});

/**
 * One stored record of tracker/history/read: what the device reported (the gateway's vocabulary),
 * `received` the server's receive time (UTC `YYYY-MM-DD HH:MM:SS`), `time` the device's (ISO 8601).
 */
export interface TrackerHistoryRecord {
  kind: 'position' | 'status';
  received: string;
  time?: string;
  valid?: boolean;
  lat?: number;
  lng?: number;
  speed?: number;
  heading?: number;
  altitude?: number;
  satellites?: number;
  ignition?: boolean;
  inputs?: boolean[];
  outputs?: boolean[];
  powerVoltage?: number;
  batteryVoltage?: number;
  batteryLevel?: number;
  gsmSignal?: number;
  odometer?: number;
  alarms: string[];
  attributes: Record<string, string | number | boolean>;
}

/**
 * A tracker's stored records (server receive time in [from, to]), oldest first. When `next_from`
 * is present there may be more: ask again with it as `from`.
 */
export const trackerHistoryRead = spec<{ list: TrackerHistoryRecord[]; next_from?: string }>()({
  path: 'tracker/history/read',
  permissions: { trackers: ['read'] },
  params: z
    .object({ tracker_id: id(), from: utcDateTimeParam(), to: utcDateTimeParam(), limit: int(1, HISTORY_PAGE_MAX).optional() })
    .refine((p) => parseUtcDateTime(p.from) <= parseUtcDateTime(p.to), { message: 'Must not be after to', path: ['from'] }),
});

/**
 * Sends a command, encoded for the device's protocol. `reliable` (default): kept until the device
 * answers and sent again on reconnect — queued if the device is offline now. Unreliable: sent only
 * if the device is online now (213 otherwise), never retried. The answer says which: `sent`.
 */
export const trackerRawCommandSend = spec<{ id: number; sent: boolean }>()({
  path: 'tracker/raw_command/send',
  permissions: { trackers: ['update'] },
  params: z
    .object({
      device_id: z.string({ error: 'Required' }).min(1, 'Must not be empty').max(64, 'Must be at most 64 characters'),
      command: z.string({ error: 'Required' }).min(1, 'Must not be empty').max(1000, 'Must be at most 1000 characters'),
      type: oneOf(['text', 'hex']).default('text'),
      reliable: bool().default(true),
    })
    .superRefine((p, ctx) => {
      if (p.type === 'hex' && !/^([0-9a-fA-F]{2})+$/.test(p.command.replace(/\s+/g, ''))) {
        ctx.addIssue({ code: 'custom', path: ['command'], message: 'Non-hex string' });
      } else if (p.type === 'text' && !isPrintableCommand(p.command)) {
        ctx.addIssue({ code: 'custom', path: ['command'], message: 'Must consist of printable characters' });
      }
    }),
  writes: true,
});

/**
 * A key for the console WebSocket `/console?device=<device_id|tracker_id>&key=&timestamp=&dealer_id=`,
 * usable for CONSOLE_KEY_TTL_S seconds (backend/devices/console-keys.ts) and bound to the calling
 * session: the open console lives only as long as that session, its rights and the tracker's state
 * (backend/http/console-socket.ts).
 */
export const trackerConsoleConnect = spec<{ key: string; timestamp: number }>()({
  path: 'tracker/console/connect',
  permissions: { trackers: ['update'] },
  params: z.object({ tracker_id: id() }),
});
