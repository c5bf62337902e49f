import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Backend } from '../backend.js';
import { DurableStore } from './durable-store.js';
import { migrations } from './migrations/index.js';
import {
  mkdirPrivate,
  mkdirPrivateSync,
  openPrivate,
  openPrivateSync,
  preparePrivateDataFolder,
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE,
  SharedDataFolderError,
} from './private-files.js';

const roots: string[] = [];
const savedUmask = process.umask();

function root(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dealer-console-private-'));
  roots.push(dir);
  return dir;
}

const modeOf = (path: string) => statSync(path).mode & 0o777;
/** The database's files (the tracking store's folder is checked by its own tests). */
const storeFiles = (dir: string) => readdirSync(dir).filter((name) => name !== 'tracking');
const quiet = { info: () => {}, error: () => {} };

afterEach(() => {
  process.umask(savedUmask);
  for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('the data folder is private (0700 folders, 0600 files) whatever the umask', () => {
  for (const umask of [0o022, 0o000]) {
    it(`umask ${umask.toString(8).padStart(3, '0')}: folder, journal, snapshot (+ its temp file), LOCK`, async () => {
      process.umask(umask);
      const dir = join(root(), 'nested', 'data'); // created by the backend, parents too
      const backend = await Backend.open({ dataDir: dir, adminPassword: 'admin-password', log: quiet });
      expect(modeOf(dir)).toBe(PRIVATE_DIR_MODE);
      expect(modeOf(join(dir, 'LOCK'))).toBe(PRIVATE_FILE_MODE);
      const journals = readdirSync(dir).filter((n) => n.startsWith('journal-'));
      expect(journals.length).toBeGreaterThan(0);
      for (const name of journals) expect(modeOf(join(dir, name)), name).toBe(PRIVATE_FILE_MODE);
      // snapshot.db is snapshot.db.tmp renamed: its mode is the temp file's.
      await backend.store.snapshot();
      expect(modeOf(join(dir, 'snapshot.db'))).toBe(PRIVATE_FILE_MODE);
      // The journal the snapshot switched to.
      for (const name of readdirSync(dir).filter((n) => n.startsWith('journal-'))) expect(modeOf(join(dir, name)), name).toBe(PRIVATE_FILE_MODE);
      await backend.close();
      expect(existsSync(join(dir, 'LOCK'))).toBe(false);
      for (const name of storeFiles(dir)) expect(modeOf(join(dir, name)), name).toBe(PRIVATE_FILE_MODE);
    });

    it(`umask ${umask.toString(8).padStart(3, '0')}: the shared helpers (for the tracking store) give 0600 / 0700`, async () => {
      process.umask(umask);
      const dir = root();
      const fd = openPrivateSync(join(dir, 'a.log'), 'a');
      closeSync(fd);
      const handle = await openPrivate(join(dir, 'b.tmp'), 'w');
      await handle.close();
      mkdirPrivateSync(join(dir, 'x', 'y'));
      await mkdirPrivate(join(dir, 'z'));
      expect(modeOf(join(dir, 'a.log'))).toBe(0o600);
      expect(modeOf(join(dir, 'b.tmp'))).toBe(0o600);
      expect(modeOf(join(dir, 'x', 'y'))).toBe(0o700);
      expect(modeOf(join(dir, 'z'))).toBe(0o700);
    });
  }

  it('files an older version wrote 0644 (journal, snapshot, a stale LOCK) are set to 0600 when opened', async () => {
    process.umask(0o022);
    const dir = join(root(), 'data');
    const first = await Backend.open({ dataDir: dir, adminPassword: 'admin-password', log: quiet });
    await first.close();
    for (const name of storeFiles(dir)) chmodSync(join(dir, name), 0o644);
    writeFileSync(join(dir, 'LOCK'), '999999999'); // left by a process that is gone
    chmodSync(join(dir, 'LOCK'), 0o644);
    const store = await DurableStore.open(dir, migrations);
    for (const name of storeFiles(dir)) expect(modeOf(join(dir, name)), name).toBe(0o600);
    await store.close();
  });
});

describe.skipIf(process.platform === 'win32')('a data folder others can read or write is refused (like PostgreSQL)', () => {
  for (const mode of [0o755, 0o750, 0o705, 0o701, 0o720]) {
    it(`mode 0${mode.toString(8)}: SharedDataFolderError before anything is written; --allow-shared-data-folder opens it`, async () => {
      const dir = join(root(), 'data');
      mkdirSync(dir);
      chmodSync(dir, mode);
      const refused = await Backend.open({ dataDir: dir, log: quiet }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(SharedDataFolderError);
      expect((refused as SharedDataFolderError).mode).toBe(mode);
      expect((refused as Error).message).toContain(`mode 0${mode.toString(8)}`);
      expect((refused as Error).message).toContain(`chmod 700 '${dir}'`);
      expect((refused as Error).message).toContain('--allow-shared-data-folder');
      expect(readdirSync(dir)).toEqual([]); // no LOCK, no journal
      expect(modeOf(dir)).toBe(mode); // never chmod'ed behind the user's back

      const allowed = await Backend.open({ dataDir: dir, adminPassword: 'admin-password', allowSharedDataFolder: true, log: quiet });
      expect(modeOf(dir)).toBe(mode);
      for (const name of storeFiles(dir)) expect(modeOf(join(dir, name)), name).toBe(0o600);
      await allowed.close();
    });
  }

  it('0700 and a missing folder are accepted; the check is on the folder itself', () => {
    const dir = join(root(), 'data');
    preparePrivateDataFolder(dir);
    expect(modeOf(dir)).toBe(0o700);
    preparePrivateDataFolder(dir);
    chmodSync(dir, 0o500); // read-only for its owner is no one else's business
    expect(() => preparePrivateDataFolder(dir)).not.toThrow();
    chmodSync(dir, 0o700);
  });
});
