import type { Tracker } from '../../../shared/entities';
import { useT } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { PositionsMap } from './PositionsMap';
import { usePositions } from './positions';

/** The trackers screen's map: last positions of the trackers the table shows (its filter, sort and page). */
export function FleetMap({ trackers }: { trackers: Tracker[] }) {
  const t = useT();
  const { points, pending } = usePositions(trackers);
  return (
    <section className="card-section fleet-map" aria-labelledby="fleet-map-title">
      <h2 id="fleet-map-title">{t('map.fleetTitle')}</h2>
      <p className="muted" role="status">
        {pending
          ? t('map.loading')
          : points.length
            ? t('map.shown', { shown: formatNumber(points.length), count: formatNumber(trackers.length) })
            : t('map.noPositions')}
      </p>
      <PositionsMap points={points} label={t('map.region')} height={520} />
    </section>
  );
}
