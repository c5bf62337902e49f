/**
 * What an API method may use: narrow services, built once by the composition root
 * (`backend.ts`). Only types are imported here, and none from the composition root, so methods
 * do not depend on how the backend is assembled (and no type-import cycle runs through it).
 */
import type { Clock } from '../../shared/clock.js';
import type { LoginThrottle } from '../accounts/login-throttle.js';
import type { ActivityRecorder } from '../billing/activity.js';
import type { BillingService } from '../billing/billing-service.js';
import type { ConsoleKeys } from '../devices/console-keys.js';
import type { LastState } from '../devices/device-state.js';
import type { PublicAddress } from '../devices/public-address.js';
import type { ProtocolName } from '../devices/protocols/index.js';
import type { StoredRecord } from '../devices/tracking-store.js';
import type { Accounts } from '../storage/repositories/accounts.js';
import type { Bundles } from '../storage/repositories/bundles.js';
import type { Dealers } from '../storage/repositories/dealers.js';
import type { EquipmentCatalogue } from '../storage/repositories/equipment.js';
import type { Models } from '../storage/repositories/models.js';
import type { Orders } from '../storage/repositories/orders.js';
import type { ServerSettings } from '../storage/repositories/server-settings.js';
import type { SimCards } from '../storage/repositories/sim-cards.js';
import type { Tariffs } from '../storage/repositories/tariffs.js';
import type { BalanceChange, Transactions } from '../storage/repositories/transactions.js';
import type { Trackers } from '../storage/repositories/trackers.js';
import type { Users } from '../storage/repositories/users.js';
import type { AuditLog } from '../storage/repositories/audit.js';
import type { AuditCall } from './audit.js';

export interface Logger {
  info(line: string): void;
  error(line: string): void;
}

/** What methods ask of the device gateway: commands, live state, open consoles, stored tracks. */
export interface DevicePort {
  /** Sends (or, when `reliable`, queues until the device is online) a command; `sent` once written. */
  sendCommand(sourceId: number, command: string, type: 'text' | 'hex', reliable: boolean): Promise<{ id: number; sent: boolean }>;
  isOnline(sourceId: number): boolean;
  lastState(sourceId: number): Promise<LastState>;
  /** The port each protocol listens on (0 when not listening). */
  port(protocol: ProtocolName): number | undefined;
  /** Stored track points of a source with `from` ≤ time ≤ `to` (ms since the epoch), oldest first, at most `limit`. */
  history(sourceId: number, from: number, to: number, limit: number): Promise<StoredRecord[]>;
  /** Re-checks every open console's rights now (after a change of rights, owner or state). */
  recheckConsoles(): void;
  /** Moves a corrupted source's stored tracking data aside (never deletes it). */
  moveTrackingDataAside(sourceId: number, movedTo: string): Promise<void>;
}

/** `tracker/register_retry`: at most one request per tracker per interval, counted from every request. */
export interface RetryLimiter {
  /** Records this request; true when the tracker's previous one (if any) is at least an interval old. */
  attempt(trackerId: number, nowMs: number): boolean;
}

/** A payment or bonus written to a user's balance (201 no such user, 251 the result would be negative). */
export interface BalanceChanges {
  change(dealerId: number, change: BalanceChange): Promise<void>;
}

/** Writes an audited call's row in a transaction of its own (see `backend/api/audit.ts`). */
export interface AuditTrail {
  writeAlone(call: AuditCall, resultCode: number): Promise<void>;
}

export interface MethodServices {
  readonly clock: Clock;
  readonly log: Logger;
  readonly accounts: Accounts;
  readonly dealers: Pick<Dealers, 'info'>;
  readonly throttle: LoginThrottle;
  readonly users: Users;
  readonly tariffs: Tariffs;
  readonly transactions: Transactions;
  /** user/transaction/change_balance: the transaction, then (for a payment) billing of trackers blocked for non-payment. */
  readonly balances: BalanceChanges;
  readonly trackers: Trackers;
  readonly bundles: Bundles;
  readonly simCards: SimCards;
  readonly orders: Orders;
  readonly equipment: EquipmentCatalogue;
  readonly models: Models;
  readonly serverSettings: ServerSettings;
  readonly activity: ActivityRecorder;
  /** tracker/tariff/change and billing/run: the billing rules, decided and written in one transaction. */
  readonly billing: Pick<BillingService, 'changeTariff' | 'runDay'>;
  readonly devices: DevicePort;
  readonly consoleKeys: ConsoleKeys;
  readonly registerRetries: RetryLimiter;
  /** audit/log/list reads here; rows are written by dispatch and `AuditedStore`. */
  readonly audit: Pick<AuditLog, 'list'>;
  readonly auditTrail: AuditTrail;
  /** Where devices are told to connect; known once the listeners are up. */
  publicAddress(): PublicAddress;
}
