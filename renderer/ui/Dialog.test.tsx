// @vitest-environment jsdom
import { act, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { Dialog } from './Dialog';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function Page() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <div id="app-main">
        <button onClick={() => setOpen(true)}>Open</button>
      </div>
      {open && (
        <Dialog title="Move tracker" onClose={() => setOpen(false)} footer={<button>Move</button>}>
          <input aria-label="Search" data-autofocus />
        </Dialog>
      )}
    </>
  );
}

const key = (target: Element, init: KeyboardEventInit) => target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, ...init }));

describe('Dialog', () => {
  it('takes focus, traps Tab, closes on Escape and gives focus back', async () => {
    const container = document.createElement('div');
    document.body.appendChild(container);
    const root = createRoot(container);
    await act(async () => root.render(<Page />));
    const opener = container.querySelector('button')!;
    opener.focus();
    await act(async () => opener.click());

    const dialog = document.querySelector('[role="dialog"]')!;
    expect(document.getElementById('app-main')!.contains(dialog)).toBe(false);
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)?.textContent).toBe('Move tracker');
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Search');
    expect(document.getElementById('app-main')!.hasAttribute('inert')).toBe(true);

    const focusables = [...dialog.querySelectorAll<HTMLElement>('button, input')];
    focusables.at(-1)!.focus(); // the footer's Move button
    await act(async () => key(dialog, { key: 'Tab' }));
    expect(document.activeElement).toBe(focusables[0]); // wrapped to the close button
    await act(async () => key(dialog, { key: 'Tab', shiftKey: true }));
    expect(document.activeElement).toBe(focusables.at(-1));

    await act(async () => key(dialog, { key: 'Escape' }));
    expect(document.querySelector('[role="dialog"]')).toBeNull();
    expect(document.activeElement).toBe(opener);
    expect(document.getElementById('app-main')!.hasAttribute('inert')).toBe(false);
    act(() => root.unmount());
  });
});
