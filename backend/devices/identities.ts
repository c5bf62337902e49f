import type { TrackerIndex, TrackerIndexChange } from '../storage/repositories/tracker-index.js';

/** A registered, non-corrupted source: who a device id speaks for. */
export interface SourceIdentity {
  id: number;
  dealerId: number;
}

/** What a device id may be looked up as (IMEI, H02 id): anything else is refused unread. */
export const DEVICE_ID = /^[0-9A-Za-z]{1,32}$/;

/**
 * Device id → registered source, in memory. Derived from the tracker index, which every write to
 * trackers or sources refreshes in its commit's tick: `apply` runs in that same tick (the index's
 * change listener), so a lookup never sees a registration, corruption or reload later than the
 * database does, and every lookup in one synchronous turn (a decoder's `registered`, then the
 * login's bind) gets the same answer.
 */
export class DeviceIdentities {
  private readonly byDevice = new Map<string, SourceIdentity>();
  /** source id → the device id it is listed under. */
  private readonly deviceOf = new Map<number, string>();

  constructor(private readonly index: Pick<TrackerIndex, 'anyTrackerOf' | 'allRows'>) {
    this.rebuild();
  }

  lookup(deviceId: string): SourceIdentity | undefined {
    return DEVICE_ID.test(deviceId) ? this.byDevice.get(deviceId) : undefined;
  }

  /** Follows a change of the tracker index (a refresh of some sources, or a reload of all). */
  apply(change: TrackerIndexChange): void {
    if (change.all) {
      this.rebuild();
      return;
    }
    for (const sourceId of change.sourceIds) this.refresh(sourceId);
  }

  private rebuild(): void {
    this.byDevice.clear();
    this.deviceOf.clear();
    for (const row of this.index.allRows()) {
      // The original tracker names the source's dealer; a clone only when it is met first.
      if (!row.corrupted && (!row.clone || !this.deviceOf.has(row.source_id))) this.set(row.source_id, row.dealer_id, row.device_id);
    }
  }

  private refresh(sourceId: number): void {
    const listed = this.deviceOf.get(sourceId);
    if (listed !== undefined) {
      if (this.byDevice.get(listed)?.id === sourceId) this.byDevice.delete(listed);
      this.deviceOf.delete(sourceId);
    }
    const row = this.index.anyTrackerOf(sourceId);
    if (row && !row.corrupted) this.set(row.source_id, row.dealer_id, row.device_id);
  }

  private set(sourceId: number, dealerId: number, deviceId: string): void {
    this.byDevice.set(deviceId, { id: sourceId, dealerId });
    this.deviceOf.set(sourceId, deviceId);
  }
}
