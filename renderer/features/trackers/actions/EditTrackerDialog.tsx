import { useId, useState } from 'react';
import type { ParamsOf } from '../../../../shared/api/contract';
import type { Tracker } from '../../../../shared/entities';
import { useWrite } from '../../../api/use-write';
import { Dialog } from '../../../ui/Dialog';
import { DialogFooter } from '../../../ui/DialogFooter';
import { trackerQueries } from './invalidate';

/** Edit label, comment and hidden (tracker/settings/update); only changed fields are sent. */
export function EditTrackerDialog({ tracker, onClose }: { tracker: Tracker; onClose(): void }) {
  const [label, setLabel] = useState(tracker.label);
  const [comment, setComment] = useState(tracker.comment);
  const [hidden, setHidden] = useState(tracker.deleted);
  const update = useWrite('tracker/settings/update', { invalidate: trackerQueries, onSuccess: onClose });
  const id = useId();
  const labelProblem = label.trim() === '' ? 'The label must not be empty' : /[<>]/.test(label) ? "The label must not contain '<' or '>'" : null;

  const save = () => {
    const params: ParamsOf<'tracker/settings/update'> = { tracker_id: tracker.id };
    if (label !== tracker.label) params.label = label;
    if (comment !== tracker.comment) params.comment = comment;
    if (hidden !== tracker.deleted) params.deleted = hidden;
    if (Object.keys(params).length === 1) {
      onClose();
      return;
    }
    update.write(params);
  };

  return (
    <Dialog
      title={`Edit tracker ${tracker.label}`}
      onClose={onClose}
      busy={update.busy}
      footer={<DialogFooter action="Save" form={`${id}-form`} onClose={onClose} busy={update.busy} disabled={labelProblem !== null} error={update.error} />}
    >
      <form
        id={`${id}-form`}
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-label`}>Label</label>
          <input
            id={`${id}-label`}
            maxLength={60}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            aria-invalid={labelProblem !== null}
            data-autofocus
          />
          {labelProblem && <p className="field-problem">{labelProblem}</p>}
        </div>
        <div className="field">
          <label htmlFor={`${id}-comment`}>Comment</label>
          <textarea id={`${id}-comment`} maxLength={3000} rows={4} value={comment} onChange={(e) => setComment(e.target.value)} />
        </div>
        <div className="field checkbox">
          <input id={`${id}-hidden`} type="checkbox" checked={hidden} onChange={(e) => setHidden(e.target.checked)} />
          <label htmlFor={`${id}-hidden`}>Hidden (not shown in the user's interface)</label>
        </div>
      </form>
    </Dialog>
  );
}
