/**
 * One view of whether storage can take writes, shared by the database journal and the tracking
 * store. A fault is logged once when it starts and once when it ends, never per write or frame.
 */
export type StorageArea = 'database' | 'tracking';

export interface StorageFault {
  area: StorageArea;
  /** errno code: ENOSPC, EIO, EROFS, ... */
  code: string;
  since: number; // ms
}

/** Words for an API client or a log line; no paths, no stack. */
export function describeFault(code: string | undefined): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return "the data folder's disk is full";
    case 'EROFS':
      return "the data folder's disk is read-only";
    case 'EIO':
      return "the data folder's disk reported an I/O error";
    default:
      return `the data folder cannot be written (${code ?? 'unknown error'})`;
  }
}

/** The error code of an fs error, or undefined. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Thrown to API callers while the database cannot take writes: dispatch answers code 1 with
 * these words (the Navixy table's "Database error"), never a stack trace.
 */
export class StorageUnavailableError extends Error {
  readonly apiCode = 1;
  /** `words` replace the disk's (the PostgreSQL engine: the server cannot be reached). */
  constructor(
    readonly fsCode: string | undefined,
    words?: string,
  ) {
    super(words ?? `Database error: ${describeFault(fsCode)}; nothing was changed, try again when space is freed`);
  }
}

export class StorageHealth {
  private readonly faults = new Map<StorageArea, StorageFault>();

  constructor(
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Marks `area` faulty; logs only on the transition. `effect` replaces the area's usual words
   * for what the fault does (e.g. tracking history files failing while devices are still ACKed).
   */
  fault(area: StorageArea, error: unknown, effect?: string): void {
    if (this.faults.has(area)) return;
    const code = errnoCode(error) ?? 'unknown';
    this.faults.set(area, { area, code, since: this.now() });
    effect ??= area === 'database' ? 'API writes are refused (code 1)' : 'device data is not acknowledged';
    this.log(`storage health: ${area} fault: ${describeFault(code)} (${code}); ${effect} until it can be written again`);
  }

  /** Marks `area` healthy again; logs only on the transition. */
  recovered(area: StorageArea): void {
    const fault = this.faults.get(area);
    if (!fault) return;
    this.faults.delete(area);
    this.log(`storage health: ${area} writable again after ${Math.round((this.now() - fault.since) / 1000)} s; resumed`);
  }

  current(area: StorageArea): StorageFault | undefined {
    return this.faults.get(area);
  }

  get healthy(): boolean {
    return this.faults.size === 0;
  }
}
