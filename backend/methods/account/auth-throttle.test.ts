import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../accounts/passwords.js';
import { startHttpApi, type HttpApi } from '../../http/server.js';
import { ADMIN_PASSWORD, openTestBackend, type TestBackend } from '../../test-support/harness.js';
import { createStaff, expectError, STAFF_PASSWORD } from '../../test-support/api-assertions.js';

/** POSTs account/auth from a chosen loopback source address (all of 127/8 is local on Linux). */
function authFrom(api: HttpApi, localAddress: string, login: string, password: string): Promise<{ status: number; body: any }> {
  const body = new URLSearchParams({ login, password }).toString();
  const url = new URL(`${api.url}/v2/panel/account/auth`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('account/auth throttle over HTTP', () => {
  let t: TestBackend;
  let api: HttpApi;
  beforeEach(async () => {
    t = await openTestBackend();
    api = await startHttpApi(t.backend, '127.0.0.1', 0);
  });
  afterEach(async () => {
    await api.close();
    await t.close();
  });

  it('50 parallel wrong passwords from one address: at most 5 are checked, the rest 15; the right one from another address signs in', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => authFrom(api, '127.0.0.2', 'admin', `wrong-${i}`)));
    const codes = answers.map((a) => a.body.status?.code as number);
    expect(codes.filter((c) => c === 12).length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 12).length).toBeGreaterThan(0);
    expect(codes.filter((c) => c !== 12).every((c) => c === 15)).toBe(true);
    expect(answers.filter((a) => a.body.status?.code === 15).every((a) => a.status === 429)).toBe(true);
    // The guessing address stays throttled, even with the right password…
    expect((await authFrom(api, '127.0.0.2', 'admin', ADMIN_PASSWORD)).body.status.code).toBe(15);
    // …while the owner on another address signs in.
    const owner = await authFrom(api, '127.0.0.3', 'admin', ADMIN_PASSWORD);
    expect(owner.status).toBe(200);
    expect(owner.body.success).toBe(true);
  });
});

describe('account/auth straddling a change', () => {
  let t: TestBackend;
  beforeEach(async () => {
    t = await openTestBackend();
  });
  afterEach(async () => t.close());

  const auth = (login: string, password: string) => t.call('account/auth', { login, password }, null);

  it('a password changed while the old one is being checked yields no session (12)', async () => {
    const staff = await createStaff(t, { trackers: ['read'] });
    const newHash = await hashPassword('brand-new-password');
    const inFlight = auth(staff.login, STAFF_PASSWORD);
    // The change commits while scrypt runs for the old password.
    await t.backend.accounts.updateStaff(staff.id, { passwordHash: newHash });
    const result = await inFlight;
    expectError(result, 12);
    expect((await t.backend.database.get<{ n: number }>('SELECT count(*) AS n FROM sessions WHERE account_id = ?', [staff.id]))?.n).toBe(0);
    expect((await auth(staff.login, 'brand-new-password')).body.success).toBe(true);
  });

  it('a block while the password is being checked yields no session (11)', async () => {
    const staff = await createStaff(t, { trackers: ['read'] });
    const inFlight = auth(staff.login, STAFF_PASSWORD);
    await t.ok('staff/update', { staff_id: staff.id, blocked: true });
    expectError(await inFlight, 11);
    expect((await t.backend.database.get<{ n: number }>('SELECT count(*) AS n FROM sessions WHERE account_id = ?', [staff.id]))?.n).toBe(0);
  });

  it('a login deleted while its password is being checked yields no session (12)', async () => {
    const staff = await createStaff(t, { trackers: ['read'] });
    const inFlight = auth(staff.login, STAFF_PASSWORD);
    await t.ok('staff/delete', { staff_id: staff.id });
    expectError(await inFlight, 12);
  });

  it('answers the permissions as they are when the session is created', async () => {
    const staff = await createStaff(t, { trackers: ['read'] });
    const inFlight = auth(staff.login, STAFF_PASSWORD);
    await t.ok('staff/update', { staff_id: staff.id, permissions: { users: ['read'] } });
    const answer = (await inFlight).body;
    // The sign-in and the change are two transactions, and either may come first: on the embedded
    // engine the change commits while scrypt runs; on PostgreSQL under load the sign-in's
    // transaction can take its snapshot before the change commits, which serialises it first. The
    // answer shows the set of whichever order held, never a mixture...
    expect([{ trackers: ['read'] }, { users: ['read'] }]).toContainEqual(answer.permissions);
    // ...and from then on every call is checked against the stored set, whatever the answer said.
    expectError(await t.call('tracker/list', {}, answer.hash), 13);
    expect((await t.call('user/list', {}, answer.hash)).body.success).toBe(true);
  });
});
