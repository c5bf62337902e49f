import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Tracker } from '../../../shared/entities';
import { useApi } from '../../app/api-context';
import { useT } from '../../i18n';
import { PositionsMap, type MapPoint } from './PositionsMap';

/** The tracker card's map of its last position (the same get_state answer as "Last state"). */
export function TrackerPosition({ tracker }: { tracker: Pick<Tracker, 'id' | 'label'> }) {
  const t = useT();
  const api = useApi();
  const state = useQuery({
    queryKey: ['tracker/get_state', tracker.id],
    queryFn: () => api.call('tracker/get_state', { tracker_id: tracker.id }),
    retry: false,
  });
  const s = state.data?.state;
  // A new array only when the position changes, so the map keeps its view and popup otherwise.
  const lat = s?.gps.location?.lat;
  const lng = s?.gps.location?.lng;
  const status = s?.connection_status;
  const time = s?.gps.updated ?? null;
  const points = useMemo<MapPoint[]>(
    () => (lat !== undefined && lng !== undefined && status ? [{ id: tracker.id, label: tracker.label, lat, lng, status, time }] : []),
    [tracker.id, tracker.label, lat, lng, status, time],
  );
  if (state.isPending) return null;
  return (
    <section className="card-section" aria-labelledby="position-title">
      <h2 id="position-title">{t('map.lastPosition')}</h2>
      {points.length ? <PositionsMap points={points} label={t('map.lastPosition')} height={300} single /> : <p className="muted">{t('map.noPosition')}</p>}
    </section>
  );
}
