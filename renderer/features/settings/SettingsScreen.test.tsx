// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceGatewaySettings } from '../../../shared/api/settings';
import type { Tracker } from '../../../shared/entities';
import { allPermissions } from '../../../shared/permissions';
import { buttons, fakeTransport, renderSignedIn, settle, type Rendered } from '../../test-support/render';
import { TrackerCard } from '../trackers/TrackerCard';
import { useRetryTimes } from '../trackers/retry-store';
import { SettingsScreen } from './SettingsScreen';

const LOOPBACK = 'Must not be a loopback address: devices could never reach it';

/** A fake server for the two settings methods, validating like the real one (loosely). */
function gatewayServer(initial: Partial<DeviceGatewaySettings> = {}) {
  const state: DeviceGatewaySettings = {
    public_host: null,
    effective_host: null,
    effective_source: null,
    flag_host: null,
    ports: { teltonika: 5027, gt06: 5023 },
    ...initial,
  };
  return {
    state,
    answers: {
      'settings/device_gateway/read': () => ({ success: true as const, settings: { ...state } }),
      'settings/device_gateway/update': (params: Record<string, unknown>) => {
        const host = params.public_host as string | null;
        if (host !== null && /^127\.|^localhost$/.test(host)) {
          return { success: false as const, status: { code: 7, description: 'Invalid parameters' }, errors: [{ parameter: 'public_host', error: LOOPBACK }] };
        }
        state.public_host = host;
        if (!state.flag_host) {
          state.effective_host = host;
          state.effective_source = host ? 'setting' : null;
        }
        return { success: true as const };
      },
    },
  };
}

function input(container: HTMLElement): HTMLInputElement {
  return container.querySelector<HTMLInputElement>('input.settings-host')!;
}

async function type(el: HTMLInputElement, value: string) {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function click(container: HTMLElement, name: string) {
  const button = [...container.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!;
  expect(button.disabled).toBe(false);
  await act(async () => button.click());
  await settle();
}

let rendered: Rendered | undefined;
afterEach(() => {
  rendered?.unmount();
  rendered = undefined;
});

describe('Settings screen', () => {
  it('shows the stored address, what devices are told and the ports', async () => {
    const server = gatewayServer({ public_host: 'gps.example.com', effective_host: 'gps.example.com', effective_source: 'setting' });
    rendered = await renderSignedIn(<SettingsScreen />, allPermissions(), fakeTransport(server.answers));
    const text = rendered.container.textContent!;
    expect(input(rendered.container).value).toBe('gps.example.com');
    expect(text).toContain('What devices are told now');
    expect(text).toContain('this setting');
    const rows = [...rendered.container.querySelectorAll('table[aria-label="Device ports"] tbody tr')].map((r) => r.textContent);
    expect(rows).toEqual(['Teltonika5027', 'GT06 (Concox)5023', 'H02Not listening']);
    // Map tiles are this computer's preference, not a server setting: always offered.
    expect(buttons(rendered.container)).toEqual(['Save', 'Clear', 'Save map tiles']);
  });

  it("lists a port of a protocol it has no name for under the server's name", async () => {
    const server = gatewayServer({ ports: { teltonika: 5027, jt808: 5030 } });
    rendered = await renderSignedIn(<SettingsScreen />, allPermissions(), fakeTransport(server.answers));
    const rows = [...rendered.container.querySelectorAll('table[aria-label="Device ports"] tbody tr')].map((r) => r.textContent);
    expect(rows).toEqual(['Teltonika5027', 'GT06 (Concox)Not listening', 'H02Not listening', 'jt8085030']);
  });

  it('says when the --public-host flag overrides the setting, and when nothing is known', async () => {
    const flagged = gatewayServer({ public_host: 'a.example.com', flag_host: 'b.example.com', effective_host: 'b.example.com', effective_source: 'flag' });
    rendered = await renderSignedIn(<SettingsScreen />, allPermissions(), fakeTransport(flagged.answers));
    expect(rendered.container.textContent).toContain('set by --public-host at start; overrides this setting');
    rendered.unmount();
    rendered = await renderSignedIn(<SettingsScreen />, allPermissions(), fakeTransport(gatewayServer().answers));
    expect(rendered.container.querySelector('[role="note"]')?.textContent).toContain('No address devices can reach is known');
  });

  it('saves an address, then clears it', async () => {
    const server = gatewayServer();
    const transport = fakeTransport(server.answers);
    rendered = await renderSignedIn(<SettingsScreen />, allPermissions(), transport);
    await type(input(rendered.container), ' gps.example.com ');
    await click(rendered.container, 'Save');
    expect(transport.calls.find((c) => c.path === 'settings/device_gateway/update')?.params).toEqual({ public_host: 'gps.example.com' });
    expect(rendered.container.querySelector('[role="status"]')?.textContent).toBe('Saved: gps.example.com.');
    expect(input(rendered.container).value).toBe('gps.example.com');
    expect(rendered.container.querySelector('dd.mono')?.textContent).toBe('gps.example.com');

    await click(rendered.container, 'Clear');
    expect(transport.calls.filter((c) => c.path === 'settings/device_gateway/update').at(-1)?.params).toEqual({ public_host: null });
    expect(input(rendered.container).value).toBe('');
    expect(rendered.container.textContent).toContain('The public address was cleared.');
  });

  it("shows the server's words under the field on 7", async () => {
    const server = gatewayServer();
    rendered = await renderSignedIn(<SettingsScreen />, allPermissions(), fakeTransport(server.answers));
    const field = input(rendered.container);
    await type(field, '127.0.0.1');
    await click(rendered.container, 'Save');
    const problem = rendered.container.querySelector('.field-problem')!;
    expect(problem.textContent).toBe(LOOPBACK);
    expect(field.parentElement!.contains(problem)).toBe(true);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toContain(problem.id);
    expect(server.state.public_host).toBeNull();
    // Editing the field takes the stale words away.
    await type(field, 'gps.example.com');
    expect(rendered.container.querySelector('.field-problem')).toBeNull();
  });

  it('hides Save and Clear without service_settings: update', async () => {
    const server = gatewayServer({ public_host: 'gps.example.com', effective_host: 'gps.example.com', effective_source: 'setting' });
    rendered = await renderSignedIn(<SettingsScreen />, { service_settings: ['read'] }, fakeTransport(server.answers));
    expect(buttons(rendered.container)).toEqual(['Save map tiles']);
    expect(input(rendered.container).readOnly).toBe(true);
  });
});

describe('Retry activation without a public host', () => {
  const tracker: Tracker = {
    id: 7,
    clone: false,
    comment: '',
    creation_date: '2026-03-01',
    group_id: 0,
    dealer_id: 1,
    deleted: false,
    label: 'Truck 7',
    user_id: 2,
    source: {
      id: 7,
      device_id: '356307042441013',
      model: 'telfmb920',
      blocked: false,
      tariff_id: null,
      creation_date: '2026-03-01',
      tariff_end_date: null,
      connection_status: 'offline',
      phone: '491700000007',
    },
    model_name: 'Teltonika FMB920',
    last_connection: null,
    owner_name: 'Ann',
  };
  const words = 'No address devices can reach is known: start it with --public-host <address>, or set the public host in Settings';
  const answers = {
    'tracker/read': () => ({ success: true as const, value: tracker }),
    'tracker/register_retry': () => ({
      success: false as const,
      status: { code: 7, description: 'x' },
      errors: [{ parameter: '--public-host', error: words }],
    }),
  };
  afterEach(() => {
    rendered?.unmount();
    rendered = undefined;
    useRetryTimes.getState().clear(7);
  });

  it('shows the words and a link to Settings', async () => {
    rendered = await renderSignedIn(<TrackerCard id={7} />, allPermissions(), fakeTransport(answers));
    await click(rendered.container, 'Retry activation');
    const alert = rendered.container.querySelector('.error-text[role="alert"]')!;
    expect(alert.textContent).toContain(`Retry activation failed: ${words}`);
    expect(alert.querySelector('a')?.getAttribute('href')).toBe('#/settings');
  });

  it('names Settings without a link for a login that cannot open it', async () => {
    rendered = await renderSignedIn(<TrackerCard id={7} />, { trackers: ['read', 'update'] }, fakeTransport(answers));
    await click(rendered.container, 'Retry activation');
    const alert = rendered.container.querySelector('.error-text[role="alert"]')!;
    expect(alert.textContent).toContain('Ask an administrator');
    expect(alert.querySelector('a')).toBeNull();
  });
});
