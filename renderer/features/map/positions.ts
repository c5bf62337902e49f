import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Tracker } from '../../../shared/entities';
import { useApi } from '../../app/api-context';
import type { MapPoint } from './PositionsMap';

/** At most this many get_state calls in flight for a page of trackers. */
export const POSITION_CONCURRENCY = 8;

/** A counting gate: at most `limit` holders at once, the rest wait in order. */
export function createGate(limit: number) {
  let running = 0;
  const queue: (() => void)[] = [];
  return {
    acquire: () =>
      new Promise<void>((resolve) => {
        if (running < limit) {
          running++;
          resolve();
        } else queue.push(resolve);
      }),
    release: () => {
      const waiting = queue.shift();
      if (waiting) waiting();
      else running--;
    },
    get running() {
      return running;
    },
  };
}

const gate = createGate(POSITION_CONCURRENCY);

/**
 * The last positions of the given trackers (the table's page: same filter, sort and page), from
 * tracker/get_state. A tracker without a position, blocked (208) or corrupted (252) has no point.
 */
export function usePositions(trackers: Tracker[]): { points: MapPoint[]; pending: boolean } {
  const api = useApi();
  // One query per tracker (shared with the card's cache), fetched a few at a time.
  const results = useQueries({
    queries: trackers.map((tracker) => ({
      queryKey: ['tracker/get_state', tracker.id],
      queryFn: async () => {
        await gate.acquire();
        try {
          return await api.call('tracker/get_state', { tracker_id: tracker.id });
        } finally {
          gate.release();
        }
      },
      retry: false,
      staleTime: 15_000,
    })),
  });
  const found: MapPoint[] = [];
  results.forEach((result, i) => {
    const location = result.data?.state.gps.location;
    const tracker = trackers[i]!;
    if (location)
      found.push({
        id: tracker.id,
        label: tracker.label,
        lat: location.lat,
        lng: location.lng,
        status: result.data!.state.connection_status,
        time: result.data!.state.gps.updated,
      });
  });
  // The same points keep the same array, so the map does not redraw (and close a popup) needlessly.
  const signature = found.map((p) => `${p.id}:${p.lat}:${p.lng}:${p.status}:${p.time}:${p.label}`).join('|');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const points = useMemo(() => found, [signature]);
  return { points, pending: results.some((r) => r.isPending) };
}
