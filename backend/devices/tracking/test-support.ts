import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { indexBlocks } from './day-index.js';
import type { StoredRecord } from './types.js';

/** Test helpers for the tracking store (not used by production code). */
export const at = Date.parse('2026-03-15T10:00:00Z');

export const record = (i: number, base = at): StoredRecord => ({
  kind: 'position',
  received: base + i * 1000,
  record: { time: new Date(base + i * 1000), valid: true, lat: 52 + i / 1000, lng: 13, speed: 40, heading: 90, alarms: [], attributes: { i } },
});

export const everything = (store: { read(id: number, from: number, to: number, limit: number): Promise<StoredRecord[]> }, sourceId: number) =>
  store.read(sourceId, 0, at + 1e10, 1_000_000);

/** The `attributes.i` of records, to compare sets of records. */
export const ids = (records: StoredRecord[]) => records.map((r) => r.record.attributes.i as number);

export const walFiles = (root: string) => readdirSync(root).filter((n) => /^wal-\d+\.log$/.test(n));

/** Every history file of `root` is whole valid blocks, end to end (no torn block anywhere). */
export function historyFilesWhole(root: string): boolean {
  for (const dir of readdirSync(root)) {
    if (!/^\d+$/.test(dir)) continue;
    for (const name of readdirSync(join(root, dir)).filter((n) => n.endsWith('.log'))) {
      const path = join(root, dir, name);
      if (indexBlocks(readFileSync(path), 0).goodEnd !== statSync(path).size) return false;
    }
  }
  return true;
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000, stepMs = 20): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

/** Appends records `from`..`to-1` of a source one by one; returns the ids that resolved. */
export async function appendEach(
  store: { append(id: number, r: StoredRecord): Promise<void> },
  sourceId: number,
  from: number,
  to: number,
): Promise<{ ok: number[]; failed: number[] }> {
  const ok: number[] = [];
  const failed: number[] = [];
  for (let i = from; i < to; i++) {
    try {
      await store.append(sourceId, record(i));
      ok.push(i);
    } catch {
      failed.push(i);
    }
  }
  return { ok, failed };
}
