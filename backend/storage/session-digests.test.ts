import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Backend } from '../backend.js';
import { sessionTokenDigest } from '../accounts/session-tokens.js';
import { ADMIN_PASSWORD, openTestBackend } from '../test-support/harness.js';
import { DurableStore } from './durable-store.js';
import { migrations } from './migrations/index.js';

const roots: string[] = [];
const quiet = { info: () => {}, error: () => {} };

afterEach(() => {
  for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Every byte of the database's files (journal, snapshot) in the data folder. */
function storeBytes(dir: string): Buffer {
  const files = readdirSync(dir).filter((name) => /^(journal-\d+\.log|snapshot\.db)$/.test(name));
  expect(files.length).toBeGreaterThan(0);
  return Buffer.concat(files.map((name) => readFileSync(join(dir, name))));
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('session tokens are stored only as their SHA-256', () => {
  it('after a login the token is in neither the journal nor the snapshot; its digest is; the token still works, logout ends it', async () => {
    const t = await openTestBackend();
    const token = await t.login('admin', ADMIN_PASSWORD);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    await t.backend.store.idle();
    const row = t.backend.store.all<{ hash: string }>('SELECT hash FROM sessions');
    expect(row.map((r) => r.hash)).toContain(sha256(token));
    expect(row.map((r) => r.hash)).not.toContain(token);
    let bytes = storeBytes(t.dir);
    expect(bytes.includes(token)).toBe(false);
    expect(bytes.includes(t.adminHash)).toBe(false);
    expect(bytes.includes(sha256(token))).toBe(true);

    // The token presented (any case: the API accepts upper-case hex) finds its session.
    expect((await t.call('account/get_permissions', {}, token.toUpperCase())).body.success).toBe(true);
    await t.backend.store.snapshot();
    bytes = storeBytes(t.dir);
    expect(bytes.includes(token)).toBe(false);
    expect(bytes.includes(sha256(token))).toBe(true);

    expect((await t.call('account/logout', {}, token)).body.success).toBe(true);
    expect((await t.call('account/get_permissions', {}, token)).body.status.code).toBe(4);
    expect((await t.call('account/get_permissions', {}, t.adminHash)).body.success).toBe(true); // another session is not touched

    const dir = t.dir;
    await t.backend.close();
    bytes = storeBytes(dir);
    expect(bytes.includes(token)).toBe(false);
    expect(bytes.includes(t.adminHash)).toBe(false);
    // A restart still knows the other session.
    const again = await Backend.open({ dataDir: dir, clock: t.clock, log: quiet });
    expect((await again.accounts.resolve(t.adminHash))?.login).toBe('admin');
    expect(await again.accounts.resolve(sha256(t.adminHash))).toBeUndefined(); // the stored digest is not a token
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sessions of a folder written before (tokens in clear) are hashed by migration 008 and keep working; no token stays on disk', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'dealer-console-digests-')), 'data');
    roots.push(dir);
    // A data folder of the previous release: migrations up to 007 applied, its sessions keyed by
    // their token. Made by the current code, then taken back: 008 unrecorded, sessions as the old
    // code wrote them, in the snapshot and in the journal.
    const first = await Backend.open({ dataDir: dir, adminPassword: ADMIN_PASSWORD, log: quiet });
    await first.close();
    const old = await DurableStore.open(dir, migrations);
    const tokens = ['0123456789abcdef0123456789abcdef', 'fedcba9876543210fedcba9876543210'];
    const expires = Date.now() + 3600_000;
    await old.write((tx) => {
      tx.run("DELETE FROM _migrations WHERE id = '008-session-token-digests'");
      tx.run('DELETE FROM sessions');
      for (const token of tokens) tx.run('INSERT INTO sessions (hash, account_id, created_at, expires_at) VALUES (?, 1, ?, ?)', [token, Date.now(), expires]);
    });
    await old.snapshot(); // the tokens in the snapshot...
    await old.write((tx) => tx.run('UPDATE sessions SET expires_at = ? WHERE hash = ?', [expires + 1, tokens[0]!])); // ...and in the journal
    await old.close({ snapshot: false });
    let bytes = storeBytes(dir);
    for (const token of tokens) expect(bytes.includes(token)).toBe(true);

    const logs: string[] = [];
    const upgraded = await Backend.open({ dataDir: dir, log: { info: (line) => logs.push(line), error: () => {} } });
    expect(logs.join('\n')).toContain('migration 008-session-token-digests: snapshot rewritten, older journal files removed');
    for (const token of tokens) {
      expect((await upgraded.accounts.resolve(token))?.login).toBe('admin');
      expect(upgraded.store.get('SELECT 1 AS x FROM sessions WHERE hash = ?', [sessionTokenDigest(token)])).toBeDefined();
    }
    expect(upgraded.store.get<{ expires_at: number }>('SELECT expires_at FROM sessions WHERE hash = ?', [sessionTokenDigest(tokens[0]!)])?.expires_at).toBe(
      expires + 1,
    );
    bytes = storeBytes(dir);
    for (const token of tokens) {
      expect(bytes.includes(token), token).toBe(false);
      expect(bytes.includes(sha256(token))).toBe(true);
    }
    const result = await upgraded.dispatch({ path: 'account/logout', params: {}, hash: tokens[1] });
    expect(result.body.success).toBe(true);
    expect(await upgraded.accounts.resolve(tokens[1]!)).toBeUndefined();
    await upgraded.close();
    // Applied once: the next start finds nothing to migrate and the checksum unchanged.
    const reopened = await Backend.open({ dataDir: dir, log: quiet });
    expect((await reopened.accounts.resolve(tokens[0]!))?.login).toBe('admin');
    await reopened.close();
    expect(statSync(join(dir, 'snapshot.db')).mode & 0o777).toBe(0o600);
  });
});
