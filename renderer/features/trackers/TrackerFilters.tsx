import { useT } from '../../i18n';
import { useEffect, useRef, useState } from 'react';
import { useCan } from '../../app/api-context';
import { useTariffs, useUserOptions, userName } from '../../app/lookups';
import { useTrackersView, type ClonesChoice } from './trackers-view';

/** Debounce for the search box: short enough that a keystroke shows rows within ~200 ms. */
export const FILTER_DEBOUNCE_MS = 100;

export function TrackerFilters() {
  const view = useTrackersView();
  const can = useCan();
  const t = useT();
  const [text, setText] = useState(view.filter);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => useTrackersView.getState().set({ filter: text, page: 0 }), FILTER_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const users = useUserOptions();
  const tariffs = useTariffs();

  return (
    <div className="filters" role="search" aria-label={t('trackers.filters')}>
      <div className="field inline">
        <label htmlFor="tracker-search">{t('trackers.search')}</label>
        <input id="tracker-search" type="search" value={text} placeholder={t('trackers.searchHint')} onChange={(e) => setText(e.target.value)} />
      </div>
      {can('user/list') && (
        <div className="field inline">
          <label htmlFor="tracker-owner">{t('trackers.owner')}</label>
          <select id="tracker-owner" value={view.userId ?? ''} onChange={(e) => view.set({ userId: e.target.value ? Number(e.target.value) : null, page: 0 })}>
            <option value="">{t('trackers.allOwners')}</option>
            {users.data?.list.map((u) => (
              <option key={u.id} value={u.id}>
                #{u.id} {userName(u)}
              </option>
            ))}
          </select>
        </div>
      )}
      {can('tariff/list') && (
        <div className="field inline">
          <label htmlFor="tracker-tariff">{t('trackers.plan')}</label>
          <select
            id="tracker-tariff"
            value={view.tariffId ?? ''}
            onChange={(e) => view.set({ tariffId: e.target.value ? Number(e.target.value) : null, page: 0 })}
          >
            <option value="">{t('trackers.allPlans')}</option>
            {tariffs.data?.list
              .filter((t) => t.device_type === 'tracker')
              .map((t) => (
                <option key={t.id} value={t.id}>
                  #{t.id} {t.name}
                </option>
              ))}
          </select>
        </div>
      )}
      <div className="field inline">
        <label htmlFor="tracker-clones">{t('trackers.show')}</label>
        <select id="tracker-clones" value={view.clones} onChange={(e) => view.set({ clones: e.target.value as ClonesChoice, page: 0 })}>
          <option value="all">{t('trackers.showAll')}</option>
          <option value="clones">{t('trackers.showClones')}</option>
          <option value="trackers">{t('trackers.showTrackers')}</option>
        </select>
      </div>
    </div>
  );
}
