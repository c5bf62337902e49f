import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableStore, type DurableStoreOptions } from '../durable-store.js';
import type { Migration } from '../migrations/runner.js';

/** The schema the store tests write to: `twin` always equals `name` within one write. */
export const itemMigrations: Migration[] = [
  { id: '001-items', statements: ['CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, twin TEXT NOT NULL)'] },
];

const made: string[] = [];

/** A fresh empty folder under the system temp dir; `removeTempFolders` deletes them all. */
export function tempFolder(prefix = 'dealer-console-store-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempFolders(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * What a process killed right now would leave behind: every byte written so far (the kernel keeps
 * them; only power loss would drop un-synced ones), including the dead owner's LOCK.
 */
export function crashCopy(dir: string): string {
  const copy = tempFolder('dealer-console-crash-');
  cpSync(dir, copy, { recursive: true });
  return copy;
}

export function journalNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /^journal-\d{12}\.log$/.test(name))
    .sort();
}

export function openItems(dir: string, options: DurableStoreOptions = {}): Promise<DurableStore> {
  return DurableStore.open(dir, itemMigrations, options);
}

export function insertItem(store: DurableStore, id: number, name = `item ${id}`): Promise<number> {
  return store.write((tx) => {
    tx.run('INSERT INTO items (id, name, twin) VALUES (?, ?, ?)', [id, name, name]);
    return id;
  });
}

export function itemIds(store: DurableStore): number[] {
  return store.column<number>('SELECT id FROM items ORDER BY id');
}

/** What a refused write says for each injected fault (storage-health.ts describeFault). */
export const FAULT_WORDS: Record<'ENOSPC' | 'EIO' | 'EROFS', RegExp> = { ENOSPC: /disk is full/, EIO: /I\/O error/, EROFS: /read-only/ };
