import { describe, expect, it } from 'vitest';
import { ApiCallError, createApi } from './client';
import { describeFailure } from './error-words';
import type { Transport } from '../transport/transport';
import type { ApiEnvelope } from '../../shared/bridge';

const fail = (code: number, extra: Record<string, unknown> = {}) => ({ success: false as const, status: { code, description: 'server text' }, ...extra });

describe('describeFailure', () => {
  it('uses the error table words, not the raw envelope', () => {
    expect(describeFailure(fail(12), 'account/auth')).toBe('Dealer not found');
    expect(describeFailure(fail(252), 'tracker/read')).toBe('Device already corrupted');
    expect(describeFailure(fail(201), 'user/read')).toBe('Not found in database');
  });

  it('names every bad parameter for 7', () => {
    const words = describeFailure(
      fail(7, {
        errors: [
          { parameter: 'label', error: 'Must not be empty' },
          { parameter: 'user_id', error: 'Required' },
        ],
      }),
    );
    expect(words).toBe('Invalid parameters — label: Must not be empty; user_id: Required');
  });

  it("uses the admin panel's tracker texts where they say more", () => {
    expect(describeFailure(fail(247), 'tracker/clone')).toBe('Clone already exists');
    expect(describeFailure(fail(247), 'user/create')).toBe('Entity already exists');
    expect(describeFailure(fail(247), 'tracker/bundle/import')).toBe('Entity already exists');
    expect(describeFailure(fail(264), 'tracker/register_retry')).toBe('Timeout to perform reoperation has not expired');
  });

  it('lists clone ids for 253 and attached rules or vehicles for 203', () => {
    expect(describeFailure(fail(253, { list: [5, 6] }), 'tracker/corrupt')).toMatch(/Clones ID: 5, 6/);
    expect(describeFailure(fail(203, { rules: [10] }), 'tracker/delete_clone')).toBe('Tracker has attached: rules 10');
    expect(describeFailure(fail(203, { vehicles: [11] }), 'tracker/delete_clone')).toBe('Tracker has attached: vehicles 11');
  });

  it('says which method is missing for 111/112 and what 13 means', () => {
    expect(describeFailure(fail(112), 'tracker/tariff/change')).toBe('Wrong method: this server does not offer tracker/tariff/change yet');
    expect(describeFailure(fail(111), 'tracker/bundle/list')).toBe('Wrong handler: this server does not offer tracker/bundle/list yet');
    expect(describeFailure(fail(13), 'tracker/corrupt')).toBe('Operation not permitted: this account lacks the permission for it');
  });

  it('falls back to the server description for a code outside the table', () => {
    expect(describeFailure({ status: { code: 279, description: 'Invalid task period' } })).toBe('Invalid task period');
  });
});

describe('createApi', () => {
  function transportAnswering(envelope: ApiEnvelope): Transport & { hashes: (string | undefined)[] } {
    const hashes: (string | undefined)[] = [];
    return {
      kind: 'http',
      hashes,
      async call(_path, _params, hash) {
        hashes.push(hash);
        return envelope;
      },
      openConsole: () => ({ send() {}, close() {} }),
    };
  }

  it('throws an ApiCallError carrying the code and the words', async () => {
    const api = createApi({ transport: transportAnswering(fail(246)), hash: () => 'h', onSessionInvalid: () => {} });
    const error = await api.call('tracker/move', { tracker_id: 1, user_id: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as ApiCallError).code).toBe(246);
    expect((error as ApiCallError).message).toBe('User is incorrect: pick another user than the current owner');
  });

  it('reports session expiry (3, 4) so the UI returns to sign-in, but not for a failed sign-in', async () => {
    const ended: number[] = [];
    for (const code of [3, 4]) {
      const api = createApi({ transport: transportAnswering(fail(code)), hash: () => 'h', onSessionInvalid: (c) => ended.push(c) });
      await api.call('tracker/list').catch(() => {});
    }
    const login = createApi({ transport: transportAnswering(fail(11)), hash: () => 'h', onSessionInvalid: (c) => ended.push(c) });
    await login.call('account/auth', { login: 'a', password: 'b' }).catch(() => {});
    expect(ended).toEqual([3, 4]);
  });

  it('sends the session hash, except to account/auth', async () => {
    const transport = transportAnswering({ success: true });
    const api = createApi({ transport, hash: () => 'f'.repeat(32), onSessionInvalid: () => {} });
    await api.call('tracker/list');
    await api.call('account/auth', { login: 'admin', password: 'x' });
    expect(transport.hashes).toEqual(['f'.repeat(32), undefined]);
  });
});
