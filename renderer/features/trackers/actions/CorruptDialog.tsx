import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../../app/api-context';
import { BatchProgress, runBatch, type BatchState } from '../../../ui/BatchProgress';
import { Dialog } from '../../../ui/Dialog';
import { DialogFooter } from '../../../ui/DialogFooter';
import { TypedConfirm } from '../../../ui/TypedConfirm';
import type { SelectedTracker } from '../trackers-view';
import { invalidateTrackers } from './invalidate';

export const CORRUPT_PHRASE = 'CORRUPT';

/**
 * Cancel registration (tracker/corrupt): a warning and a typed confirmation, then one call per tracker.
 * `corrupt_clones: false`: the warning does not mention clones, so a tracker with clones is refused (253, their ids).
 */
export function CorruptDialog({ trackers, onClose, onDone }: { trackers: SelectedTracker[]; onClose(): void; onDone?(): void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState('');
  const [batch, setBatch] = useState<BatchState | null>(null);
  const running = batch !== null && !batch.finished;

  const start = async () => {
    await runBatch(trackers, (t) => api.call('tracker/corrupt', { tracker_id: t.id, corrupt_clones: false }).then(() => undefined), setBatch, 2);
    await invalidateTrackers(queryClient);
    onDone?.();
  };

  const title = trackers.length === 1 ? `Corrupt tracker ${trackers[0]!.label}` : `Corrupt ${trackers.length} trackers`;
  return (
    <Dialog
      title={title}
      onClose={onClose}
      busy={running}
      footer={
        <DialogFooter
          action="Corrupt"
          kind="danger"
          disabled={typed !== CORRUPT_PHRASE}
          onAction={() => void start()}
          onClose={onClose}
          busy={running}
          done={!!batch?.finished}
        />
      }
    >
      {!batch && (
        <>
          <p className="warning" role="note">
            Device will be permanently removed from database. All related data will be lost. The device ID and phone are released so the device can be
            registered again; a tracker that has clones is refused until they are deleted.
          </p>
          <TypedConfirm phrase={CORRUPT_PHRASE} value={typed} onChange={setTyped} />
        </>
      )}
      {batch && <BatchProgress state={batch} verb="Corrupted" />}
    </Dialog>
  );
}
