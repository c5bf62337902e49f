import { describe, expect, it } from 'vitest';
import { allSpecs, contract, type MethodPath } from '../../shared/api/contract';
import type { ApiEnvelope } from '../../shared/bridge';
import { allPermissions } from '../../shared/permissions';
import type { Transport } from '../transport/transport';
import { createApi } from './client';
import { canCall } from './method-permissions';

function recording(envelope: ApiEnvelope): Transport & { sent: { path: string; params: Record<string, unknown> }[] } {
  const sent: { path: string; params: Record<string, unknown> }[] = [];
  return {
    kind: 'http',
    sent,
    async call(path, params) {
      sent.push({ path, params });
      return envelope;
    },
    openConsole: () => ({ send() {}, close() {} }),
  };
}

describe('the client is typed by the contract', () => {
  it('sends the params given, {} when the spec needs none', async () => {
    const transport = recording({ success: true, list: [], count: 0 });
    const api = createApi({ transport, hash: () => 'h', onSessionInvalid: () => {} });
    const body = await api.call('tracker/list', { limit: 5 });
    const count: number = body.count;
    expect(count).toBe(0);
    await api.call('equipment/list');
    expect(transport.sent).toEqual([
      { path: 'tracker/list', params: { limit: 5 } },
      { path: 'equipment/list', params: {} },
    ]);
  });

  it('refuses unknown paths and missing or wrong params at compile time', () => {
    const api = createApi({ transport: recording({ success: true }), hash: () => 'h', onSessionInvalid: () => {} });
    // Only compiled, never run: each line is a type error tsc must report.
    const compileOnly = () => {
      // @ts-expect-error: not a method of the contract
      void api.call('tracker/no_such_method');
      // @ts-expect-error: tracker/read requires tracker_id
      void api.call('tracker/read');
      // @ts-expect-error: tracker_id is a number
      void api.call('tracker/read', { tracker_id: '7' });
      // @ts-expect-error: not a method of the contract
      void api.raw('tracker/no_such_method');
      // @ts-expect-error: an unknown path has no permissions to look up
      canCall({}, 'tracker/no_such_method');
    };
    expect(typeof compileOnly).toBe('function');
  });
});

describe('canCall', () => {
  it("reads each method's permissions from its spec", () => {
    for (const spec of allSpecs) {
      const path = spec.path as MethodPath;
      expect(canCall(allPermissions(), path), path).toBe(true);
      for (const [category, ops] of Object.entries(spec.permissions)) {
        for (const op of ops ?? []) {
          const lacking = { ...allPermissions(), [category]: allPermissions()[category]!.filter((o) => o !== op) };
          expect(canCall(lacking, path), `${path} without ${category}: ${op}`).toBe(false);
        }
      }
    }
  });

  it('needs every permission a spec lists', () => {
    expect(contract['tracker/move'].permissions).toEqual({ trackers: ['create', 'delete'] });
    expect(canCall({ trackers: ['create'] }, 'tracker/move')).toBe(false);
    expect(canCall({ trackers: ['create', 'delete'] }, 'tracker/move')).toBe(true);
    expect(canCall({}, 'account/get_permissions')).toBe(true);
  });
});
