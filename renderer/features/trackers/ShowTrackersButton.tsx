import { useT } from '../../i18n';
import { navigate } from '../../app/router';
import { useTrackersView } from './trackers-view';

/** Opens the trackers table filtered to one owner or one plan (the admin panel's "User's trackers"). */
export function ShowTrackersButton({ filter, label }: { filter: { userId: number } | { tariffId: number }; label: string }) {
  const t = useT();
  return (
    <button
      type="button"
      aria-label={label}
      onClick={() => {
        useTrackersView.getState().set({ ...filter, page: 0 });
        navigate({ screen: 'trackers' });
      }}
    >
      {t('trackers.showOwned')}
    </button>
  );
}
