// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { contract, type MethodPath } from '../../../shared/api/contract';
import type { Tracker } from '../../../shared/entities';
import { allPermissions, type Permissions } from '../../../shared/permissions';
import { canCall } from '../../api/method-permissions';
import { buttons, fakeTransport, renderSignedIn, type Rendered } from '../../test-support/render';
import { BulkActions } from './BulkActions';
import { TrackerCard } from './TrackerCard';
import { useTrackersView } from './trackers-view';

const staff = { trackers: ['create', 'read', 'update'], users: ['read'], tariffs: ['read'] };

function tracker(overrides: Partial<Tracker> = {}): Tracker {
  return {
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
      tariff_id: 1,
      creation_date: '2026-03-01',
      tariff_end_date: '2026-04-01',
      connection_status: 'offline',
      phone: '491700000007',
    },
    model_name: 'Teltonika FMB920',
    last_connection: null,
    owner_name: 'Ann',
    ...overrides,
  };
}

const answers = (t: Tracker) => ({
  'tracker/read': () => ({ success: true as const, value: t }),
  'tariff/list': () => ({ success: true as const, list: [], count: 0 }),
});

let rendered: Rendered | undefined;
afterEach(() => {
  rendered?.unmount();
  rendered = undefined;
  useTrackersView.getState().clearSelection();
});

describe('canCall', () => {
  it("follows the specs' permissions", () => {
    expect(canCall(staff, 'tracker/clone')).toBe(true);
    expect(canCall(staff, 'tracker/batch_delete_clones')).toBe(false);
    expect(canCall(staff, 'tracker/move')).toBe(false); // needs create AND delete
    expect(canCall(staff, 'tracker/tariff/change')).toBe(false); // needs transactions: create too
    expect(canCall(allPermissions(), 'tracker/corrupt')).toBe(true);
  });
});

/** Every permission but one of those the method's spec requires: one session per required (category, operation). */
function sessionsLacking(path: MethodPath): { lacking: string; permissions: Permissions }[] {
  const required: Permissions = contract[path].permissions;
  return Object.entries(required).flatMap(([category, ops]) =>
    (ops ?? []).map((op) => ({
      lacking: `${category}: ${op}`,
      permissions: { ...allPermissions(), [category]: allPermissions()[category]!.filter((o) => o !== op) },
    })),
  );
}

describe('tracker card actions', () => {
  const cardActions: [string, MethodPath][] = [
    ['Edit', 'tracker/settings/update'],
    ['Block', 'tracker/source/update'],
    ['Console', 'tracker/console/connect'],
    ['Clone', 'tracker/clone'],
    ['Move', 'tracker/move'],
    ['Change tariff', 'tracker/tariff/change'],
    ['Retry activation', 'tracker/register_retry'],
    ['Corrupt', 'tracker/corrupt'],
  ];

  it.each(cardActions)('hides %s from a session lacking any permission its spec (%s) requires', async (action, path) => {
    const sessions = sessionsLacking(path);
    expect(sessions.length).toBeGreaterThan(0);
    for (const { lacking, permissions } of sessions) {
      rendered = await renderSignedIn(<TrackerCard id={7} />, permissions, fakeTransport(answers(tracker())));
      expect(buttons(rendered.container), `without ${lacking}`).not.toContain(action);
      rendered.unmount();
      rendered = undefined;
    }
  });

  it('shows every action to the administrator', async () => {
    rendered = await renderSignedIn(<TrackerCard id={7} />, allPermissions(), fakeTransport(answers(tracker())));
    expect(buttons(rendered.container)).toEqual(
      expect.arrayContaining(['Edit', 'Block', 'Console', 'Clone', 'Move', 'Change tariff', 'Retry activation', 'Corrupt']),
    );
  });

  it('hides what a staff login without trackers: delete / corrupt cannot do', async () => {
    rendered = await renderSignedIn(<TrackerCard id={7} />, staff, fakeTransport(answers(tracker())));
    const names = buttons(rendered.container);
    expect(names).toEqual(expect.arrayContaining(['Edit', 'Clone', 'Console']));
    expect(names).not.toContain('Move');
    expect(names).not.toContain('Corrupt');
    expect(names).not.toContain('Change tariff');
  });

  it('offers Delete clone on a clone only with trackers: delete', async () => {
    const clone = tracker({ clone: true, label: 'Clone 7' });
    rendered = await renderSignedIn(<TrackerCard id={7} />, staff, fakeTransport(answers(clone)));
    expect(buttons(rendered.container)).not.toContain('Delete clone');
    rendered.unmount();
    rendered = await renderSignedIn(<TrackerCard id={7} />, allPermissions(), fakeTransport(answers(clone)));
    expect(buttons(rendered.container)).toContain('Delete clone');
    expect(buttons(rendered.container)).not.toContain('Clone'); // a clone cannot be cloned
  });

  it('disables every action on a corrupted tracker and says why', async () => {
    const corrupted = tracker({ source: { ...tracker().source, corrupted: true } });
    rendered = await renderSignedIn(<TrackerCard id={7} />, allPermissions(), fakeTransport(answers(corrupted)));
    const toolbar = rendered.container.querySelector('[aria-label="Tracker actions"]')!;
    expect([...toolbar.querySelectorAll('button')].every((b) => b.disabled)).toBe(true);
    expect(rendered.container.textContent).toContain('Device already corrupted');
  });

  it('shows the error in words when the tracker cannot be read', async () => {
    const transport = fakeTransport({ 'tracker/read': () => ({ success: false, status: { code: 201, description: 'x' } }) });
    rendered = await renderSignedIn(<TrackerCard id={99} />, allPermissions(), transport);
    expect(rendered.container.querySelector('[role="alert"]')?.textContent).toBe('Not found in database');
  });

  it('says "No state yet" when tracker/get_state is not on the server (112)', async () => {
    rendered = await renderSignedIn(<TrackerCard id={7} />, allPermissions(), fakeTransport(answers(tracker())));
    expect(rendered.container.textContent).toContain('No state yet');
  });
});

describe('group actions', () => {
  const select = (id: number, clone: boolean) => useTrackersView.getState().toggle({ id, label: `T${id}`, clone, user_id: 1 }, true);

  it('offers move, clone and corrupt for trackers, delete for clones, and only a hint for a mix', async () => {
    select(1, false);
    select(2, false);
    rendered = await renderSignedIn(<BulkActions />, allPermissions(), fakeTransport({}));
    expect(buttons(rendered.container)).toEqual(['Move to user', 'Clone to user', 'Corrupt', 'Clear selection']);
    rendered.unmount();

    useTrackersView.getState().clearSelection();
    select(3, true);
    rendered = await renderSignedIn(<BulkActions />, allPermissions(), fakeTransport({}));
    expect(buttons(rendered.container)).toEqual(['Delete clones', 'Clear selection']);
    rendered.unmount();

    select(1, false);
    rendered = await renderSignedIn(<BulkActions />, allPermissions(), fakeTransport({}));
    expect(buttons(rendered.container)).toEqual(['Clear selection']);
    expect(rendered.container.textContent).toContain('There are clones and trackers selected. Grouping operations not available.');
  });

  it('hides Delete clones from a session lacking what tracker/batch_delete_clones requires', async () => {
    select(3, true);
    for (const { lacking, permissions } of sessionsLacking('tracker/batch_delete_clones')) {
      rendered = await renderSignedIn(<BulkActions />, permissions, fakeTransport({}));
      expect(buttons(rendered.container), `without ${lacking}`).toEqual(['Clear selection']);
      rendered.unmount();
      rendered = undefined;
    }
  });

  it('hides Delete clones from a staff login without trackers: delete', async () => {
    select(3, true);
    rendered = await renderSignedIn(<BulkActions />, staff, fakeTransport({}));
    expect(buttons(rendered.container)).toEqual(['Clear selection']);
  });
});
