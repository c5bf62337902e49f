import { useEffect, useEffectEvent, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/** Open dialogs, innermost last: only the innermost handles keys. */
const openDialogs: HTMLElement[] = [];

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Tab and Shift+Tab cycle inside `container`; returns true when the key was handled. */
export function trapTab(container: HTMLElement, event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'preventDefault'>): boolean {
  if (event.key !== 'Tab') return false;
  const items = [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.hasAttribute('inert'));
  if (!items.length) {
    event.preventDefault();
    return true;
  }
  const first = items[0]!;
  const last = items[items.length - 1]!;
  const active = document.activeElement;
  if (event.shiftKey && (active === first || !container.contains(active))) {
    event.preventDefault();
    last.focus();
    return true;
  }
  if (!event.shiftKey && (active === last || !container.contains(active))) {
    event.preventDefault();
    first.focus();
    return true;
  }
  return false;
}

export interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Buttons row at the bottom. */
  footer?: ReactNode;
  wide?: boolean;
  /** While busy, Escape and the close button do nothing (an operation is running). */
  busy?: boolean;
}

/**
 * A modal dialog: focus moves in and is trapped (Tab cycles), Escape closes, focus returns to
 * what had it before. The rest of the page is inert while it is open.
 */
export function Dialog({ title, onClose, children, footer, wide, busy }: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  // Escape reads the latest onClose and busy without re-running the effect that traps focus.
  const onEscape = useEffectEvent(() => {
    if (!busy) onClose();
  });

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const app = document.getElementById('app-main');
    app?.setAttribute('inert', '');
    const container = ref.current!;
    openDialogs.push(container);
    const autofocus = container.querySelector<HTMLElement>('[data-autofocus]') ?? container.querySelector<HTMLElement>(FOCUSABLE);
    (autofocus ?? container).focus();
    // On the document, so Escape and Tab still work when focus fell to <body> (a button that
    // was clicked became disabled while the action runs).
    const onKeyDown = (event: KeyboardEvent) => {
      if (openDialogs[openDialogs.length - 1] !== container) return;
      if (event.key === 'Escape') {
        event.stopPropagation();
        onEscape();
        return;
      }
      trapTab(container, event);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      openDialogs.splice(openDialogs.indexOf(container), 1);
      if (openDialogs.length === 0) app?.removeAttribute('inert');
      if (opener && document.contains(opener)) opener.focus();
    };
  }, []);

  // When an action ends, focus that fell to <body> comes back into the dialog.
  useEffect(() => {
    if (!busy && ref.current && !ref.current.contains(document.activeElement)) ref.current.focus();
  }, [busy]);

  // Rendered into <body>, outside #app-main, which is made inert while the dialog is open.
  return createPortal(
    <div className="dialog-backdrop">
      <div ref={ref} role="dialog" aria-modal="true" aria-labelledby={titleId} tabIndex={-1} className={wide ? 'dialog dialog-wide' : 'dialog'}>
        <header className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label="Close dialog" onClick={() => !busy && onClose()} disabled={busy}>
            ×
          </button>
        </header>
        <div className="dialog-body">{children}</div>
        {footer && <footer className="dialog-footer">{footer}</footer>}
      </div>
    </div>,
    document.body,
  );
}
