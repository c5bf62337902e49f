import { describe, expect, it } from 'vitest';
import { addressKey, LoginThrottle, MAX_ADDRESS_FAILURES, MAX_FAILURES, MAX_LOGIN_FAILURES, MAX_TRACKED_KEYS, WINDOW_MS } from './login-throttle.js';

const T0 = Date.parse('2026-03-15T10:00:00Z');

function fail(throttle: LoginThrottle, login: string, address: string | undefined, at = T0): boolean {
  const r = throttle.reserve(login, address, at);
  r?.settle('failure', at);
  return r !== undefined;
}

describe('LoginThrottle', () => {
  it('reserves before the check: attempts in flight count, so parallel guesses stop at the limit', () => {
    const throttle = new LoginThrottle();
    const held = Array.from({ length: 50 }, () => throttle.reserve('admin', '10.0.0.1', T0));
    expect(held.filter(Boolean)).toHaveLength(MAX_FAILURES);
    for (const r of held) r?.settle('failure', T0);
    expect(throttle.reserve('admin', '10.0.0.1', T0)).toBeUndefined();
    // Another address that has not failed is not locked out.
    expect(throttle.reserve('admin', '10.0.0.2', T0)).toBeDefined();
  });

  it('a void outcome (the check never finished) frees the reservation without counting', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 20; i++) throttle.reserve('admin', undefined, T0)!.settle('void', T0);
    expect(throttle.trackedKeys()).toEqual({ pairs: 0, addresses: 0, logins: 0 });
  });

  it('a settled reservation ignores a second settle', () => {
    const throttle = new LoginThrottle();
    const r = throttle.reserve('admin', undefined, T0)!;
    r.settle('failure', T0);
    r.settle('failure', T0);
    for (let i = 0; i < MAX_FAILURES - 1; i++) expect(fail(throttle, 'admin', undefined)).toBe(true);
    expect(throttle.reserve('admin', undefined, T0)).toBeUndefined();
  });

  it('limits one address across logins (spraying) to MAX_ADDRESS_FAILURES per window', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < MAX_ADDRESS_FAILURES; i++) expect(fail(throttle, `user${i}`, '10.0.0.9')).toBe(true);
    expect(throttle.reserve('someone-else', '10.0.0.9', T0)).toBeUndefined();
    expect(throttle.reserve('someone-else', '10.0.0.8', T0)).toBeDefined();
    expect(throttle.reserve('someone-else', '10.0.0.9', T0 + WINDOW_MS)).toBeDefined();
  });

  it('past MAX_LOGIN_FAILURES for a login, only addresses without a failure for it may try', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < MAX_LOGIN_FAILURES; i++) expect(fail(throttle, 'admin', `10.1.${i >> 8}.${i & 255}`)).toBe(true);
    // An address that failed once (below its own limit of 5) is refused now…
    expect(throttle.reserve('admin', '10.1.0.0', T0)).toBeUndefined();
    // …one that never failed still gets its attempt (the owner), and a success goes through.
    const owner = throttle.reserve('admin', '192.168.1.10', T0);
    expect(owner).toBeDefined();
    // While its attempt is in flight, a second one from the same fresh address waits its turn.
    expect(throttle.reserve('admin', '192.168.1.10', T0)).toBeUndefined();
    owner!.settle('success', T0);
    expect(throttle.reserve('admin', '192.168.1.10', T0)).toBeDefined();
  });

  it('counts logins case-insensitively and IPv6 addresses by /64', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(addressKey(undefined)).toBe('local');
    const throttle = new LoginThrottle();
    for (let i = 0; i < MAX_FAILURES; i++) fail(throttle, i % 2 ? 'ADMIN' : 'admin', `2001:db8:1:2::${i + 1}`);
    expect(throttle.reserve('Admin', '2001:db8:1:2:ffff::9', T0)).toBeUndefined();
  });

  it('bounds its memory: 30,000 distinct logins and addresses keep at most MAX_TRACKED_KEYS keys per table', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 30_000; i++) fail(throttle, `ghost-${i}`, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, T0 + i);
    const sizes = throttle.trackedKeys();
    expect(sizes.pairs).toBeLessThanOrEqual(MAX_TRACKED_KEYS);
    expect(sizes.addresses).toBeLessThanOrEqual(MAX_TRACKED_KEYS);
    expect(sizes.logins).toBeLessThanOrEqual(MAX_TRACKED_KEYS);
    // The most recent keys are the ones kept.
    const last = 29_999;
    for (let i = 1; i < MAX_FAILURES; i++) fail(throttle, `ghost-${last}`, `10.0.117.47`, T0 + 30_000);
    expect(throttle.reserve(`ghost-${last}`, '10.0.117.47', T0 + 30_000)).toBeUndefined();
    // Expired keys are forgotten: a window later, touching them drops them.
    const later = T0 + 30_000 + WINDOW_MS;
    for (let i = 0; i < 100; i++) throttle.reserve(`new-${i}`, `172.16.0.${i}`, later)?.settle('success', later);
    expect(throttle.trackedKeys().pairs).toBeLessThanOrEqual(MAX_TRACKED_KEYS);
  });
});
