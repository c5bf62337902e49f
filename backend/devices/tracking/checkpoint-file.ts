import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { PRIVATE_FILE_MODE } from '../../storage/private-files.js';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkFault } from '../../storage/fault-injection.js';
import { closeAsync, fsyncAsync, openAsync } from './fs-async.js';

/**
 * `checkpoint.json`: `seq`, the highest sequence number handed out (new ones continue above it),
 * and `synced`, at or below which every acknowledged record is in an fsynced history file.
 */
export interface Checkpoint {
  seq: number;
  synced: number;
}

const checkpointPath = (root: string) => join(root, 'checkpoint.json');

export function checkpointExists(root: string): boolean {
  return existsSync(checkpointPath(root));
}

export function readCheckpoint(root: string): Checkpoint {
  const path = checkpointPath(root);
  if (!existsSync(path)) return { seq: 0, synced: 0 };
  try {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Partial<Checkpoint>;
    const seq = typeof saved.seq === 'number' ? saved.seq : 0;
    // A checkpoint of the older format did not say what was synced: verify everything the logs touch.
    return { seq, synced: typeof saved.synced === 'number' ? Math.min(saved.synced, seq) : 0 };
  } catch {
    return { seq: 0, synced: 0 };
  }
}

/** fsyncs a file or folder by path (start-up only). */
export function fsyncPathSync(path: string): void {
  const fd = openSync(path, 'r');
  try {
    checkFault('checkpoint', 'fsync');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

async function fsyncPath(path: string): Promise<void> {
  const fd = await openAsync(path, 'r');
  try {
    checkFault('checkpoint', 'fsync');
    await fsyncAsync(fd);
  } finally {
    await closeAsync(fd).catch(() => undefined);
  }
}

/** Writes the checkpoint: temp file, fsync, rename, fsync the folder (start-up; sync fs). */
export function saveCheckpointSync(root: string, checkpoint: Checkpoint): void {
  const path = checkpointPath(root);
  checkFault('checkpoint', 'write');
  writeFileSync(`${path}.tmp`, JSON.stringify(checkpoint), { mode: PRIVATE_FILE_MODE });
  fsyncPathSync(`${path}.tmp`);
  checkFault('checkpoint', 'rename');
  renameSync(`${path}.tmp`, path);
  fsyncPathSync(root);
}

/** The same with async fs, while the store runs. */
export async function saveCheckpoint(root: string, checkpoint: Checkpoint): Promise<void> {
  const path = checkpointPath(root);
  checkFault('checkpoint', 'write');
  await writeFile(`${path}.tmp`, JSON.stringify(checkpoint), { mode: PRIVATE_FILE_MODE });
  await fsyncPath(`${path}.tmp`);
  checkFault('checkpoint', 'rename');
  await rename(`${path}.tmp`, path);
  await fsyncPath(root);
}
