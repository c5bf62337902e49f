import { create } from 'zustand';
import { RETRY_INTERVAL_S } from '../../../shared/api/tracker-params';

interface RetryState {
  lastRequestAt: Record<number, number>;
  mark(trackerId: number, at: number): void;
  clear(trackerId: number): void;
}

/** When each tracker's last register_retry left: the server allows one per RETRY_INTERVAL_S, counted from every request (docs/navixy-api-facts.md §4.8). */
export const useRetryTimes = create<RetryState>((set) => ({
  lastRequestAt: {},
  mark: (trackerId, at) => set((s) => ({ lastRequestAt: { ...s.lastRequestAt, [trackerId]: at } })),
  clear: (trackerId) =>
    set((s) => {
      const next = { ...s.lastRequestAt };
      delete next[trackerId];
      return { lastRequestAt: next };
    }),
}));

/** Whole seconds left before the next retry is allowed (0 = allowed now). */
export function retrySecondsLeft(lastRequestAt: number | undefined, now: number): number {
  if (lastRequestAt === undefined) return 0;
  return Math.max(0, Math.ceil(RETRY_INTERVAL_S - (now - lastRequestAt) / 1000));
}
