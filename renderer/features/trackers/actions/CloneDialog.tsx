import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { trackerLabel } from '../../../../shared/api/params';
import { useApi } from '../../../app/api-context';
import { BatchProgress, runBatch, type BatchState } from '../../../ui/BatchProgress';
import { Dialog } from '../../../ui/Dialog';
import { DialogFooter } from '../../../ui/DialogFooter';
import { UserPicker } from '../../../ui/UserPicker';
import type { SelectedTracker } from '../trackers-view';
import { invalidateTrackers } from './invalidate';

const labelSchema = trackerLabel();

/** Clone to a user: one tracker/clone per tracker; each clone keeps its source's label unless edited. */
export function CloneDialog({ trackers, onClose, onDone }: { trackers: SelectedTracker[]; onClose(): void; onDone?(): void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState<number | null>(null);
  const [labels, setLabels] = useState<Record<number, string>>(() => Object.fromEntries(trackers.map((t) => [t.id, t.label])));
  const [batch, setBatch] = useState<BatchState | null>(null);
  const running = batch !== null && !batch.finished;
  const labelId = useId();
  const title = trackers.length === 1 ? `Clone tracker ${trackers[0]!.label}` : `Clone ${trackers.length} trackers`;
  const labelsValid = trackers.every((t) => labelSchema.safeParse(labels[t.id] ?? '').success);

  const start = async () => {
    if (userId === null) return;
    await runBatch(
      trackers,
      (t) => api.call('tracker/clone', { tracker_id: t.id, user_id: userId, label: labels[t.id] ?? t.label }).then(() => undefined),
      setBatch,
    );
    await invalidateTrackers(queryClient);
    onDone?.();
  };

  return (
    <Dialog
      title={title}
      onClose={onClose}
      busy={running}
      wide={trackers.length > 1}
      footer={
        <DialogFooter
          action="Clone"
          disabled={userId === null || !labelsValid}
          onAction={() => void start()}
          onClose={onClose}
          busy={running}
          done={!!batch?.finished}
        />
      }
    >
      {!batch && (
        <>
          <UserPicker label="Clone to user" value={userId} onChange={setUserId} />
          {trackers.length === 1 ? (
            <div className="field">
              <label htmlFor={labelId}>Clone label</label>
              <input
                id={labelId}
                maxLength={60}
                value={labels[trackers[0]!.id] ?? ''}
                onChange={(e) => setLabels({ ...labels, [trackers[0]!.id]: e.target.value })}
              />
            </div>
          ) : (
            <fieldset className="clone-labels">
              <legend>Clone labels</legend>
              {trackers.slice(0, 50).map((t) => (
                <div key={t.id} className="field inline">
                  <label htmlFor={`${labelId}-${t.id}`}>#{t.id}</label>
                  <input
                    id={`${labelId}-${t.id}`}
                    maxLength={60}
                    value={labels[t.id] ?? ''}
                    onChange={(e) => setLabels({ ...labels, [t.id]: e.target.value })}
                  />
                </div>
              ))}
              {trackers.length > 50 && <p className="hint">The other {trackers.length - 50} clones keep their tracker's label.</p>}
            </fieldset>
          )}
        </>
      )}
      {batch && <BatchProgress state={batch} verb="Cloned" />}
    </Dialog>
  );
}
