import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../../app/api-context';
import { BatchProgress, runBatch, type BatchState } from '../../../ui/BatchProgress';
import { Dialog } from '../../../ui/Dialog';
import { DialogFooter } from '../../../ui/DialogFooter';
import { UserPicker } from '../../../ui/UserPicker';
import type { SelectedTracker } from '../trackers-view';
import { invalidateTrackers } from './invalidate';

/** Change owner: one tracker/move per tracker (the admin UI's GroupOwner form). */
export function MoveDialog({ trackers, onClose, onDone }: { trackers: SelectedTracker[]; onClose(): void; onDone?(): void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState<number | null>(null);
  const [batch, setBatch] = useState<BatchState | null>(null);
  const running = batch !== null && !batch.finished;
  const title = trackers.length === 1 ? `Move tracker ${trackers[0]!.label} to another user` : `Move ${trackers.length} trackers to another user`;

  const start = async () => {
    if (userId === null) return;
    await runBatch(trackers, (t) => api.call('tracker/move', { tracker_id: t.id, user_id: userId }).then(() => undefined), setBatch);
    await invalidateTrackers(queryClient);
    onDone?.();
  };

  return (
    <Dialog
      title={title}
      onClose={onClose}
      busy={running}
      footer={<DialogFooter action="Move" disabled={userId === null} onAction={() => void start()} onClose={onClose} busy={running} done={!!batch?.finished} />}
    >
      {!batch && (
        <>
          <p>The trackers are unbound from their former owner's rules. Their clones stay with their users.</p>
          <UserPicker label="New owner" value={userId} onChange={setUserId} exclude={trackers.length === 1 ? [trackers[0]!.user_id] : undefined} />
        </>
      )}
      {batch && <BatchProgress state={batch} verb="Moved" />}
    </Dialog>
  );
}
