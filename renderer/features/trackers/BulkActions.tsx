import { useT } from '../../i18n';
import { useState } from 'react';
import { useCan } from '../../app/api-context';
import { CloneDialog } from './actions/CloneDialog';
import { CorruptDialog } from './actions/CorruptDialog';
import { DeleteClonesDialog } from './actions/DeleteClonesDialog';
import { MoveDialog } from './actions/MoveDialog';
import { selectionKind, useTrackersView, type SelectedTracker } from './trackers-view';

type Open = { action: 'move' | 'clone' | 'delete' | 'corrupt'; trackers: SelectedTracker[] } | null;

/** Group actions for the selection: trackers → move, clone, corrupt; clones → delete; a mix → a hint only. */
export function BulkActions() {
  const selectedMap = useTrackersView((s) => s.selected);
  const clearSelection = useTrackersView((s) => s.clearSelection);
  const can = useCan();
  const t = useT();
  // The dialog works on the selection as it was when opened, and stays open after the
  // selection is cleared at the end, to show the result summary.
  const [open, setOpen] = useState<Open>(null);
  const selected = Object.values(selectedMap);
  const kind = selectionKind(selected);
  const start = (action: NonNullable<Open>['action']) => setOpen({ action, trackers: selected });
  const close = () => setOpen(null);

  return (
    <>
      {kind !== 'none' && (
        <div className="bulk-actions" role="toolbar" aria-label={t('trackers.bulk.label')}>
          <span className="selection-count">{t('trackers.bulk.selected', { count: selected.length })}</span>
          {kind === 'mixed' && (
            <span className="hint" role="status">
              {t('trackers.bulk.mixed')}
            </span>
          )}
          {kind === 'trackers' && (
            <>
              {can('tracker/move') && (
                <button type="button" onClick={() => start('move')}>
                  {t('trackers.bulk.move')}
                </button>
              )}
              {can('tracker/clone') && (
                <button type="button" onClick={() => start('clone')}>
                  {t('trackers.bulk.clone')}
                </button>
              )}
              {can('tracker/corrupt') && (
                <button type="button" className="danger" onClick={() => start('corrupt')}>
                  {t('trackers.bulk.corrupt')}
                </button>
              )}
            </>
          )}
          {kind === 'clones' && can('tracker/batch_delete_clones') && (
            <button type="button" className="danger" onClick={() => start('delete')}>
              {t('trackers.bulk.deleteClones')}
            </button>
          )}
          <button type="button" onClick={clearSelection}>
            {t('trackers.bulk.clear')}
          </button>
        </div>
      )}
      {open?.action === 'move' && <MoveDialog trackers={open.trackers} onClose={close} onDone={clearSelection} />}
      {open?.action === 'clone' && <CloneDialog trackers={open.trackers} onClose={close} onDone={clearSelection} />}
      {open?.action === 'delete' && <DeleteClonesDialog clones={open.trackers} onClose={close} onDone={clearSelection} />}
      {open?.action === 'corrupt' && <CorruptDialog trackers={open.trackers} onClose={close} onDone={clearSelection} />}
    </>
  );
}
