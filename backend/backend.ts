import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, utcDateTime, type Clock } from '../shared/clock.js';
import { allPermissions } from '../shared/permissions.js';
import { ActivityRecorder } from './billing/activity.js';
import { BillingScheduler } from './billing/billing-scheduler.js';
import { ConsoleKeys } from './devices/console-keys.js';
import { DeviceGateway } from './devices/gateway.js';
import { DeviceCommands } from './storage/repositories/commands.js';
import { DeviceSources } from './storage/repositories/sources.js';
import { LoginThrottle } from './accounts/login-throttle.js';
import { generatePassword, hashPassword } from './accounts/passwords.js';
import { dispatch, envelopeFor, type DispatchRequest, type DispatchResult } from './api/dispatch.js';
import { fileBytes } from './api/file-download.js';
import { ApiError } from './api/api-error.js';
import { MethodRegistry } from './api/registry.js';
import { allMethods } from './methods/index.js';
import { DurableStore } from './storage/durable-store.js';
import { mkdirPrivateSync } from './storage/private-files.js';
import { migrations } from './storage/migrations/index.js';
import { StorageHealth } from './storage/storage-health.js';
import { Accounts } from './storage/repositories/accounts.js';
import { Tariffs } from './storage/repositories/tariffs.js';
import { TrackerIndex } from './storage/repositories/tracker-index.js';
import { Trackers } from './storage/repositories/trackers.js';
import { Users } from './storage/repositories/users.js';
import { Transactions } from './storage/repositories/transactions.js';
import { Dealers } from './storage/repositories/dealers.js';
import { BillingService } from './billing/billing-service.js';
import { ActivityLog } from './storage/repositories/activity.js';
import { BillingRecords } from './storage/repositories/billing.js';
import { ServerSettings } from './storage/repositories/server-settings.js';
import type { PublicAddress } from './devices/public-address.js';
import type { DevicePort, MethodServices, RetryLimiter } from './api/services.js';
import { Bundles } from './storage/repositories/bundles.js';
import { EquipmentCatalogue } from './storage/repositories/equipment.js';
import { Orders } from './storage/repositories/orders.js';
import { SimCards } from './storage/repositories/sim-cards.js';
import { SqlJsStore, type Store } from './storage/store.js';
import type { PgStore } from './storage/pg-store.js';
import type { PgHistoryStore } from './devices/pg-history-store.js';
import { applyPgMigrations } from './storage/pg-migrations/runner.js';
import { pgMigrations } from './storage/pg-migrations/index.js';
import { DataFolderLock } from './storage/data-folder-lock.js';
import { preparePrivateDataFolder } from './storage/private-files.js';
import { RETRY_INTERVAL_S } from '../shared/api/tracker-params.js';
import { Models } from './storage/repositories/models.js';
import { AuditLog } from './storage/repositories/audit.js';
import { AuditedStore } from './api/audit.js';

export interface BackendOptions {
  dataDir: string;
  clock?: Clock;
  /** Session lifetime; 30 days by default (docs/navixy-api-facts.md §1.3). */
  sessionTtlMs?: number;
  /** Password of the first administrator; a random one is generated when absent. */
  adminPassword?: string;
  snapshotAfterBytes?: number;
  log?: Logger;
  /** Open a data folder others may read or write (`--allow-shared-data-folder`); refused otherwise. */
  allowSharedDataFolder?: boolean;
  /**
   * A PostgreSQL URL (`--database`, DEALER_CONSOLE_DATABASE_URL): the database lives there instead
   * of the data folder's journal and snapshot; the data folder still holds device history.
   */
  databaseUrl?: string;
  /**
   * Do not create the first administrator on an empty folder yet: `serveBackend` calls
   * `createFirstAdmin()` once the API is listening, so a start that fails before (a busy port)
   * commits no password that nobody was shown.
   */
  deferFirstAdmin?: boolean;
  /** Audit rows older than this many days are deleted (at start and every 6 hours); default 400. */
  auditRetentionDays?: number;
}

export const DEFAULT_AUDIT_RETENTION_DAYS = 400;
const AUDIT_PRUNE_INTERVAL_MS = 6 * 3600 * 1000;

export type { Logger } from './api/services.js';
import type { Logger } from './api/services.js';

/** One request per tracker per `intervalMs`, counted from every request (refused ones too). */
function retryLimiter(intervalMs: number): RetryLimiter {
  const last = new Map<number, number>();
  return {
    attempt(trackerId, nowMs) {
      const previous = last.get(trackerId);
      last.set(trackerId, nowMs);
      return previous === undefined || nowMs - previous >= intervalMs;
    },
  };
}

export const DEFAULT_SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

const quietLogger: Logger = { info: () => {}, error: (line) => console.error(line) };

/** The whole backend: storage, repositories and the one dispatch every transport calls. */
export class Backend {
  readonly registry = new MethodRegistry(allMethods);
  readonly throttle = new LoginThrottle();
  readonly accounts: Accounts;
  readonly users: Users;
  readonly dealers: Dealers;
  readonly trackers: Trackers;
  readonly activity: ActivityRecorder;
  readonly billing: BillingScheduler;
  readonly gateway: DeviceGateway;
  readonly consoleKeys = new ConsoleKeys();
  /** Where devices are told to connect (tracker/register_retry); set by `serve` once the listeners are up. */
  publicAddress: PublicAddress = { listenHost: '127.0.0.1', ports: {} };
  readonly serverSettings: ServerSettings;
  /** The storage seam repositories are written against: the embedded engine or PostgreSQL. */
  readonly database: Store;
  /** The audit trail's rows (written inside audited transactions by `AuditedStore`). */
  readonly auditLog: AuditLog;
  private auditRetentionDays = DEFAULT_AUDIT_RETENTION_DAYS;
  private auditPruneTimer: NodeJS.Timeout | undefined;
  /** What API methods get: the narrow services, built once here. */
  readonly services: MethodServices;
  /** Set on the first start of an empty data folder when the password was generated. */
  generatedAdminPassword: string | undefined;
  /** The first administrator's password when given (DEALER_CONSOLE_ADMIN_PASSWORD), for createFirstAdmin. */
  private adminPassword: string | undefined;

  private constructor(
    /** The embedded engine's store; undefined on PostgreSQL. */
    private readonly durable: DurableStore | undefined,
    database: Store,
    /** Whether the data folder takes writes: the database journal reports here (area 'database'). */
    readonly storageHealth: StorageHealth,
    readonly trackerIndex: TrackerIndex,
    readonly clock: Clock,
    readonly log: Logger,
    readonly dataDir: string,
    sessionTtlMs: number,
    /** Device history in PostgreSQL (server mode); without it, the data folder's tracking files. */
    private readonly pgHistory?: PgHistoryStore,
  ) {
    const audited = new AuditedStore(database, clock);
    this.auditLog = new AuditLog(database);
    audited.attach(this.auditLog);
    this.database = audited;
    this.accounts = new Accounts(this.database, clock, sessionTtlMs);
    this.users = new Users(this.database, clock);
    const tariffs = new Tariffs(this.database);
    const transactions = new Transactions(this.database, clock);
    this.dealers = new Dealers(this.database, clock);
    this.serverSettings = new ServerSettings(this.database);
    this.trackers = new Trackers(this.database, trackerIndex, clock);
    const billingRecords = new BillingRecords(this.database, trackerIndex);
    const billing = new BillingService(billingRecords, transactions, clock);
    this.activity = new ActivityRecorder(new ActivityLog(this.database), (dealerId, sourceId) => trackerIndex.originalOf(dealerId, sourceId));
    this.billing = new BillingScheduler({
      clock,
      log,
      dealerIds: () => this.dealers.ids(),
      billing,
      records: billingRecords,
      activity: this.activity,
      pruneSessions: (beforeMs) => this.accounts.pruneSessions(beforeMs),
      recheckConsoles: () => this.gateway.console.recheckConsoles(),
    });
    this.gateway = new DeviceGateway({
      clock,
      log: (line) => log.info(line),
      trackingDir: `${dataDir}/tracking`,
      history: pgHistory,
      storageHealth,
      trackerIndex,
      sources: new DeviceSources(this.database, trackerIndex),
      commands: new DeviceCommands(this.database, clock),
      recordActivity: (sourceId, at) => this.activity.record(sourceId, at),
    });
    const bundles = new Bundles(this.database, clock);
    const simCards = new SimCards(this.database, clock);
    const orders = new Orders(this.database, clock);
    const equipment = new EquipmentCatalogue(this.database);
    const models = new Models(this.database);
    const gateway = this.gateway;
    const devices: DevicePort = {
      sendCommand: (sourceId, command, type, reliable) => gateway.sendCommand(sourceId, command, type, reliable),
      isOnline: (sourceId) => gateway.isOnline(sourceId),
      lastState: (sourceId) => gateway.lastState(sourceId),
      port: (protocol) => gateway.ports.get(protocol),
      history: (sourceId, from, to, limit) => gateway.tracking.read(sourceId, from, to, limit),
      recheckConsoles: () => gateway.console.recheckConsoles(),
      moveTrackingDataAside: (sourceId, movedTo) => this.moveTrackingDataAside(sourceId, movedTo),
    };
    this.services = {
      clock,
      log,
      accounts: this.accounts,
      dealers: this.dealers,
      throttle: this.throttle,
      users: this.users,
      tariffs,
      transactions,
      balances: { change: (dealerId, change) => billing.changeBalance(dealerId, change) },
      trackers: this.trackers,
      bundles,
      simCards,
      orders,
      equipment,
      models,
      serverSettings: this.serverSettings,
      activity: this.activity,
      billing,
      devices,
      consoleKeys: this.consoleKeys,
      registerRetries: retryLimiter(RETRY_INTERVAL_S * 1000),
      publicAddress: () => this.publicAddress,
      audit: this.auditLog,
      auditTrail: audited,
    };
  }

  /** The embedded engine's DurableStore (tests and tools reach into it); absent on PostgreSQL. */
  get store(): DurableStore {
    if (!this.durable) throw new Error('the database is PostgreSQL: use backend.database');
    return this.durable;
  }

  static async open(options: BackendOptions): Promise<Backend> {
    const log = options.log ?? quietLogger;
    const clock = options.clock ?? systemClock;
    const storageHealth = new StorageHealth((line) => log.error(line));
    if (options.databaseUrl) return Backend.openPostgres(options, options.databaseUrl, log, clock, storageHealth);
    const store = await DurableStore.open(options.dataDir, migrations, {
      snapshotAfterBytes: options.snapshotAfterBytes,
      log: (line) => log.info(line),
      health: storageHealth,
      allowSharedFolder: options.allowSharedDataFolder,
    });
    try {
      const index = new TrackerIndex(store);
      // After a journal fault the database is rolled back to what the disk holds: so are its views.
      store.onReload(() => index.loadAll());
      const backend = new Backend(
        store,
        new SqlJsStore(store),
        storageHealth,
        index,
        clock,
        log,
        options.dataDir,
        options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
      );
      backend.adminPassword = options.adminPassword;
      backend.auditRetentionDays = options.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
      await backend.pruneAudit();
      backend.auditPruneTimer = setInterval(() => void backend.pruneAudit(), AUDIT_PRUNE_INTERVAL_MS);
      backend.auditPruneTimer.unref();
      if (!options.deferFirstAdmin) await backend.createFirstAdmin();
      index.loadAll();
      return backend;
    } catch (error) {
      await store.close({ snapshot: false });
      throw error;
    }
  }

  /**
   * The PostgreSQL engine: the database on the server (migrated under an advisory lock), the data
   * folder (locked, private) for device history. The tracker index reads through the seam.
   */
  private static async openPostgres(options: BackendOptions, url: string, log: Logger, clock: Clock, storageHealth: StorageHealth): Promise<Backend> {
    preparePrivateDataFolder(options.dataDir, { allowShared: options.allowSharedDataFolder });
    const lock = DataFolderLock.acquire(options.dataDir);
    let database: PgStore | undefined;
    let history: PgHistoryStore | undefined;
    let backend: Backend | undefined;
    try {
      // Loaded only for a PostgreSQL installation: the driver is not part of an embedded start.
      const { PgStore } = await import('./storage/pg-store.js');
      database = await PgStore.open(url, { log: (line) => log.error(line) });
      const applied = await applyPgMigrations(database, pgMigrations);
      if (applied.length) log.info(`database: applied ${applied.length} migrations`);
      const index = TrackerIndex.overQueries(database);
      const { PgHistoryStore } = await import('./devices/pg-history-store.js');
      history = await PgHistoryStore.open(database, { health: storageHealth });
      const opened = new Backend(
        undefined,
        database,
        storageHealth,
        index,
        clock,
        log,
        options.dataDir,
        options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
        history,
      );
      backend = opened;
      opened.closeEngine = async () => {
        try {
          await database!.close();
        } finally {
          lock.release();
        }
      };
      // A commit whose outcome is unknown (the connection broke in COMMIT): re-read the index once
      // the server answers again.
      database.onUncertainCommit(() => opened.reloadIndexSoon());
      index.onStale(() => opened.reloadIndexSoon());
      database.settleAfterCommit(() => index.idle());
      backend.adminPassword = options.adminPassword;
      backend.auditRetentionDays = options.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
      await backend.pruneAudit();
      backend.auditPruneTimer = setInterval(() => void opened.pruneAudit(), AUDIT_PRUNE_INTERVAL_MS);
      backend.auditPruneTimer.unref();
      if (!options.deferFirstAdmin) await backend.createFirstAdmin();
      index.loadAll();
      await index.idle();
      return backend;
    } catch (error) {
      clearInterval(backend?.auditPruneTimer);
      await history?.close();
      await database?.close();
      lock.release();
      throw error;
    }
  }

  /** PostgreSQL: closes the pool and releases the data folder. */
  private closeEngine: (() => Promise<void>) | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;

  private reloadIndexSoon(): void {
    if (this.reloadTimer || this.closing) return;
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = undefined;
      // A failed load calls onStale, which schedules the next try.
      this.trackerIndex.loadAll();
    }, 1000);
    this.reloadTimer.unref();
  }

  /**
   * First start on an empty folder: dealer #1 and its administrator `admin` (nothing when a dealer
   * exists). A generated password is set in `generatedAdminPassword` only once it is committed,
   * for the caller to show.
   */
  async createFirstAdmin(): Promise<void> {
    if (await this.dealers.any()) return;
    const given = this.adminPassword;
    const password = given || generatePassword();
    const passwordHash = await hashPassword(password);
    // Nothing is written when a dealer was created meanwhile.
    const created = await this.dealers.createFirst({ login: 'admin', passwordHash, permissions: allPermissions() });
    if (created && !given) this.generatedAdminPassword = password;
  }

  /**
   * Deletes audit rows older than the retention period by the clock (a clock far ahead deletes
   * early; the period is long enough that a corrected jump of days loses nothing). A storage
   * fault is logged and retried at the next interval.
   */
  async pruneAudit(): Promise<number> {
    const before = utcDateTime(new Date(this.clock.now().getTime() - this.auditRetentionDays * 86_400_000));
    try {
      const deleted = await this.auditLog.prune(before);
      if (deleted > 0) this.log.info(`audit: deleted ${deleted} rows older than ${before}`);
      return deleted;
    } catch (error) {
      this.log.error(`audit: pruning rows older than ${before} failed: ${(error as Error)?.message ?? String(error)}`);
      return 0;
    }
  }

  dispatch(request: DispatchRequest): Promise<DispatchResult> {
    return dispatch(this.services, this.registry, request);
  }

  /**
   * The desktop IPC's dispatch: a file answer (user/export) comes whole in the body as
   * `file: {name, contentType, data}`, since IPC cannot stream; bounded by MAX_IPC_FILE_BYTES (267).
   */
  async dispatchWhole(request: DispatchRequest): Promise<DispatchResult> {
    const result = await this.dispatch(request);
    if (!result.file) return result;
    const { name, contentType } = result.file;
    try {
      return { httpStatus: 200, body: { success: true, file: { name, contentType, data: await fileBytes(result.file) } } };
    } catch (error) {
      if (error instanceof ApiError) return envelopeFor(error);
      throw error;
    }
  }

  /**
   * Moves a corrupted source's stored tracking data aside (never deletes it). History lives in
   * files under <data>/tracking/<source id>; the device gateway writes there.
   */
  async moveTrackingDataAside(sourceId: number, movedTo: string): Promise<void> {
    // PostgreSQL: the rows go to device_history_corrupted under the same name, in one transaction.
    if (this.pgHistory) return this.pgHistory.moveAside(sourceId, movedTo);
    await this.gateway.tracking.release(sourceId);
    const from = join(this.dataDir, 'tracking', String(sourceId));
    if (!existsSync(from)) return;
    const asideDir = join(this.dataDir, 'tracking-corrupted');
    mkdirPrivateSync(asideDir);
    renameSync(from, join(asideDir, movedTo));
  }

  private closing: Promise<void> | undefined;

  /** Stops billing and the gateway, then writes everything out (idempotent). */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.auditPruneTimer);
    try {
      await this.billing.stop();
      await this.gateway.stop();
    } finally {
      // The database closes (and releases the folder) even when the tracking store cannot.
      if (this.reloadTimer) clearTimeout(this.reloadTimer);
      if (this.durable) await this.durable.close();
      else await this.closeEngine?.();
    }
  }
}
