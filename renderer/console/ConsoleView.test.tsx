// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allPermissions } from '../../shared/permissions';
import type { ConsoleEvent } from '../../shared/bridge';
import { useApi } from '../app/api-context';
import { useTransport } from '../app/transport-context';
import { fakeTransport, renderSignedIn, settle, type Rendered } from '../test-support/render';
import { ConsoleView } from './ConsoleView';

beforeAll(() => {
  // jsdom has no canvas; xterm's DOM renderer copes with a null context.
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
  // xterm.js asks for matchMedia (device pixel ratio changes); jsdom has none.
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener() {},
    removeListener() {},
    addEventListener() {},
    removeEventListener() {},
    dispatchEvent: () => false,
  })) as unknown as typeof window.matchMedia;
});

const tracker = { id: 5, device_id: '356307042441013', dealer_id: 1 };

function Harness() {
  return <ConsoleView api={useApi()} transport={useTransport()} tracker={tracker} label="Truck 5" />;
}

let rendered: Rendered | undefined;
afterEach(() => rendered?.unmount());

describe('ConsoleView', () => {
  it('connects, shows status pairs in the grid, sends commands with history and closes on unmount', async () => {
    const transport = fakeTransport({ 'tracker/console/connect': () => ({ success: true, key: 'k'.repeat(40), timestamp: 1 }) });
    let push: ((events: ConsoleEvent[]) => void) | undefined;
    const sent: string[] = [];
    let closed = 0;
    transport.openConsole = (_target, onEvents) => {
      push = onEvents;
      return { send: (c) => sent.push(c), close: () => closed++ };
    };
    rendered = await renderSignedIn(<Harness />, allPermissions(), transport);
    expect(rendered.container.textContent).toContain('Connecting…');
    await act(async () => {
      push!([{ type: 'open' }, { type: 'status', data: [['Satellites', '9']] }, { type: 'output', msg: 'hello' }]);
      await new Promise((r) => setTimeout(r, 50));
    });
    await settle();
    expect(rendered.container.textContent).toContain('Connected');
    expect(rendered.container.querySelector('.status-grid')?.textContent).toContain('Satellites9');

    const input = rendered.container.querySelector<HTMLInputElement>('.console-command input')!;
    const setValue = (value: string) => {
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      setter.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    };
    await act(async () => setValue('getver'));
    await act(async () => rendered!.container.querySelector('form')!.requestSubmit());
    expect(sent).toEqual(['getver']);
    expect(input.value).toBe('');
    await act(async () => input.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true })));
    expect(input.value).toBe('getver');

    rendered.unmount();
    rendered = undefined;
    expect(closed).toBe(1); // unmounting closes the session (no leaked subscription)
  });

  it('says why the session ended', async () => {
    const transport = fakeTransport({ 'tracker/console/connect': () => ({ success: true, key: 'k'.repeat(40), timestamp: 1 }) });
    let push: ((events: ConsoleEvent[]) => void) | undefined;
    transport.openConsole = (_target, onEvents) => {
      push = onEvents;
      return { send() {}, close() {} };
    };
    rendered = await renderSignedIn(<Harness />, allPermissions(), transport);
    await act(async () => push!([{ type: 'open' }]));
    await act(async () => push!([{ type: 'closed', code: 4410, reason: '' }]));
    expect(rendered.container.querySelector('[role="alert"]')?.textContent).toContain('The device went offline');
    expect(rendered.container.textContent).toContain('Connect again');
  });
});
