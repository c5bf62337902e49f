import type { ReactNode } from 'react';
import { ErrorText } from './ErrorText';

export interface DialogFooterProps {
  /** The primary button's words. */
  action: ReactNode;
  /** Runs the action; leave it out and give `form` to make the button submit that form instead. */
  onAction?(): void;
  /** Id of the form the primary button submits (Enter in a field does the same). */
  form?: string;
  kind?: 'primary' | 'danger';
  /** Cancel, and Close once `done`. */
  onClose(): void;
  /** While the action runs both buttons are disabled (the dialog ignores Escape too). */
  busy?: boolean;
  /** The action cannot run yet (a field is missing or wrong). */
  disabled?: boolean;
  /** Why the last attempt failed, in words, above the buttons. */
  error?: unknown;
  errorPrefix?: string;
  /** The operation finished and the dialog shows its result: only Close remains, and takes focus. */
  done?: boolean;
  /** Focus Cancel first (destructive actions without other fields). */
  cancelFirst?: boolean;
  /** More buttons, between Cancel and the action (e.g. Detach). */
  children?: ReactNode;
}

/** The buttons row of a dialog: Cancel, any extra buttons, the primary action; the error line above them. */
export function DialogFooter({
  action,
  onAction,
  form,
  kind = 'primary',
  onClose,
  busy,
  disabled,
  error,
  errorPrefix,
  done,
  cancelFirst,
  children,
}: DialogFooterProps) {
  return (
    <>
      <ErrorText error={error} prefix={errorPrefix} />
      {done ? (
        <button type="button" onClick={onClose} data-autofocus>
          Close
        </button>
      ) : (
        <>
          <button type="button" onClick={onClose} disabled={busy} data-autofocus={cancelFirst || undefined}>
            Cancel
          </button>
          {children}
          <button type={form ? 'submit' : 'button'} form={form} className={kind} onClick={onAction} disabled={disabled || busy}>
            {action}
          </button>
        </>
      )}
    </>
  );
}
