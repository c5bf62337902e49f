import { describe, expect, it } from 'vitest';
import { auditParams, MAX_PARAMS_CHARS, paramTargets } from './audit.js';

describe('audit parameter summary', () => {
  it('redacts passwords, hashes, tokens and keys at any depth', () => {
    const text = auditParams({
      login: 'ann',
      password: 'secret-1',
      user: { first_name: 'Ann', password_hash: 'scrypt$abc' },
      list: [{ api_token: 't0k3n' }],
      key: 'k',
    });
    expect(JSON.parse(text)).toEqual({
      login: 'ann',
      password: '[redacted]',
      user: { first_name: 'Ann', password_hash: '[redacted]' },
      list: [{ api_token: '[redacted]' }],
      key: '[redacted]',
    });
    for (const secret of ['secret-1', 'scrypt$abc', 't0k3n']) expect(text).not.toContain(secret);
  });

  it('shortens long strings and arrays and never exceeds the bound', () => {
    const summary = JSON.parse(auditParams({ label: 'x'.repeat(500), trackers: Array.from({ length: 100 }, (_, i) => i + 1) }));
    expect(summary.label).toBe(`${'x'.repeat(200)}… (500 characters)`);
    expect(summary.trackers).toHaveLength(21);
    expect(summary.trackers[20]).toBe('… 80 more');
    const big: Record<string, string> = {};
    for (let i = 0; i < 100; i++) big[`field${i}`] = 'y'.repeat(150);
    const text = auditParams(big);
    expect(text.length).toBeLessThanOrEqual(MAX_PARAMS_CHARS);
    expect(JSON.parse(text)['(omitted)']).toMatch(/^field\d+, field\d+/);
  });
});

describe('audit targets from parameters', () => {
  it('takes X_id keys, id arrays and nested objects’ ids', () => {
    expect(paramTargets({ tracker_id: 4, user_id: 9, label: 'x' })).toEqual([
      { type: 'tracker', id: 4 },
      { type: 'user', id: 9 },
    ]);
    expect(paramTargets({ trackers: [1, 2, 'x'] })).toEqual([
      { type: 'tracker', id: 1 },
      { type: 'tracker', id: 2 },
    ]);
    expect(paramTargets({ user: { id: 3, first_name: 'A' }, order: { user_id: 5 } })).toEqual([
      { type: 'user', id: 3 },
      { type: 'user', id: 5 },
    ]);
    expect(paramTargets({ device_id: '123', tariff_id: -1 })).toEqual([]);
  });
});
