import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../../app/api-context';
import { BatchProgress, emptyBatch, type BatchState } from '../../../ui/BatchProgress';
import { Dialog } from '../../../ui/Dialog';
import { DialogFooter } from '../../../ui/DialogFooter';
import type { SelectedTracker } from '../trackers-view';
import { invalidateTrackers } from './invalidate';

const CHUNK = 1000; // the method's list limit

/**
 * Delete clones: one tracker/batch_delete_clones per 1000 ids; the summary lists each failure's reason.
 * `single` (the tracker card) uses tracker/delete_clone, whose errors say more (203 rules, vehicles).
 */
export function DeleteClonesDialog({
  clones,
  onClose,
  onDone,
  single,
}: {
  clones: SelectedTracker[];
  onClose(): void;
  onDone?(deleted: number): void;
  single?: boolean;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [batch, setBatch] = useState<BatchState | null>(null);
  const [error, setError] = useState<unknown>(null);
  const running = batch !== null && !batch.finished;
  const labels = new Map(clones.map((c) => [c.id, c.label]));

  const start = async () => {
    let state = emptyBatch(clones.length);
    setBatch(state);
    try {
      if (single) {
        try {
          await api.call('tracker/delete_clone', { tracker_id: clones[0]!.id });
          state = { ...state, succeeded: 1 };
        } catch (e) {
          state = { ...state, failures: [{ id: clones[0]!.id, label: clones[0]!.label, words: (e as Error).message }] };
        }
      }
      for (let i = 0; !single && i < clones.length; i += CHUNK) {
        const ids = clones.slice(i, i + CHUNK).map((c) => c.id);
        const result = await api.call('tracker/batch_delete_clones', { trackers: ids });
        state = {
          ...state,
          done: state.done + ids.length,
          succeeded: state.succeeded + result.deleted_count,
          failures: [...state.failures, ...(result.not_deleted_trackers ?? []).map((f) => ({ id: f.id, label: labels.get(f.id), words: f.error }))],
        };
        setBatch(state);
      }
    } catch (e) {
      setError(e);
    }
    setBatch({ ...state, done: state.total, finished: true });
    await invalidateTrackers(queryClient);
    onDone?.(state.succeeded);
  };

  const title = clones.length === 1 ? `Delete clone ${clones[0]!.label}` : `Delete ${clones.length} clones`;
  return (
    <Dialog
      title={title}
      onClose={onClose}
      busy={running}
      footer={
        <DialogFooter
          action="Delete clones"
          kind="danger"
          cancelFirst
          onAction={() => void start()}
          onClose={onClose}
          busy={running}
          done={!!batch?.finished}
          error={error}
        />
      }
    >
      {!batch && <p>Delete {clones.length === 1 ? 'this clone' : `${clones.length} clones`}? The original trackers are not touched.</p>}
      {batch && <BatchProgress state={batch} verb="Deleted" />}
    </Dialog>
  );
}
