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
        <div className="bulk-actions" role="toolbar" aria-label="Actions for the selected trackers">
          <span className="selection-count">{selected.length} selected</span>
          {kind === 'mixed' && (
            <span className="hint" role="status">
              There are clones and trackers selected. Grouping operations not available.
            </span>
          )}
          {kind === 'trackers' && (
            <>
              {can('tracker/move') && (
                <button type="button" onClick={() => start('move')}>
                  Move to user
                </button>
              )}
              {can('tracker/clone') && (
                <button type="button" onClick={() => start('clone')}>
                  Clone to user
                </button>
              )}
              {can('tracker/corrupt') && (
                <button type="button" className="danger" onClick={() => start('corrupt')}>
                  Corrupt
                </button>
              )}
            </>
          )}
          {kind === 'clones' && can('tracker/batch_delete_clones') && (
            <button type="button" className="danger" onClick={() => start('delete')}>
              Delete clones
            </button>
          )}
          <button type="button" onClick={clearSelection}>
            Clear selection
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
