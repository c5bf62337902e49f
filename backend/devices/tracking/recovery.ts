import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { mkdirPrivateSync, PRIVATE_FILE_MODE } from '../../storage/private-files.js';
import { join } from 'node:path';
import { checkFault } from '../../storage/fault-injection.js';
import { checkpointExists, fsyncPathSync, readCheckpoint, saveCheckpointSync } from './checkpoint-file.js';
import { BATCH_TEXT_BYTES, encodeBlock, scanAllBlocks } from './blocks.js';
import { decodeEntries, encodeEntries, ENTRY_BYTES, entryFor, indexBlocks, type IndexEntry } from './day-index.js';
import { dayOf, type StoredRecord } from './types.js';
import { WAL_PATTERN } from './wal.js';

function readRange(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(Math.max(0, length));
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buffer, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return buffer.subarray(0, got);
}

function validEntry(item: unknown): item is [number, StoredRecord & { seq: number }] {
  if (!Array.isArray(item) || item.length !== 2 || typeof item[0] !== 'number') return false;
  const stored = item[1] as Partial<StoredRecord> | null;
  return !!stored && typeof stored === 'object' && typeof stored.seq === 'number' && typeof stored.received === 'number' && typeof stored.record === 'object';
}

/**
 * Brings the history files up to date with every write-ahead log in `root`, then deletes the logs.
 *
 * Every valid block of every log counts, also those after a torn or corrupt one. Records are
 * ordered by sequence number and grouped by history file. In each file, blocks whose records are
 * all at or below the checkpoint's `synced` were fsynced by a checkpoint and are trusted; the rest
 * is checked block by block (CRC), cut at the first that is not whole, and the records the file
 * lacks (sequence above the last it holds) are appended. Files and index are fsynced, the
 * checkpoint saved, and only then are the logs deleted. Returns the next sequence number floor
 * and the number for the next log.
 */
export function recoverLogs(root: string): { seq: number; nextWal: number } {
  const checkpoint = readCheckpoint(root);
  const wals = readdirSync(root)
    .filter((n) => WAL_PATTERN.test(n))
    .sort();
  const nextWal = wals.length ? Number(WAL_PATTERN.exec(wals.at(-1)!)![1]) + 1 : 1;
  let seq = checkpoint.seq;
  const bySeq = new Map<number, [number, StoredRecord & { seq: number }]>();
  for (const name of wals) {
    for (const item of scanAllBlocks<unknown>(readFileSync(join(root, name))).items) {
      if (validEntry(item)) bySeq.set(item[1].seq, item);
    }
  }
  const groups = new Map<string, { sourceId: number; day: string; records: (StoredRecord & { seq: number })[] }>();
  for (const s of [...bySeq.keys()].sort((a, b) => a - b)) {
    const [sourceId, stored] = bySeq.get(s)!;
    seq = Math.max(seq, s);
    const day = dayOf(stored.received);
    const key = `${sourceId}/${day}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { sourceId, day, records: [] }));
    group.records.push(stored);
  }
  for (const { sourceId, day, records } of groups.values()) {
    seq = Math.max(seq, replayInto(root, sourceId, day, records, checkpoint.synced));
  }
  if (wals.length || !checkpointExists(root)) saveCheckpointSync(root, { seq, synced: seq });
  for (const name of wals) unlinkSync(join(root, name));
  if (wals.length) fsyncPathSync(root);
  return { seq, nextWal };
}

/** Replays a file's logged records into it; returns the highest sequence number it holds. */
function replayInto(root: string, sourceId: number, day: string, records: (StoredRecord & { seq: number })[], synced: number): number {
  const dir = join(root, String(sourceId));
  const createdDir = !existsSync(dir);
  if (createdDir) mkdirPrivateSync(dir);
  const flags = constants.O_RDWR | constants.O_CREAT;
  const logFd = openSync(join(dir, `${day}.log`), flags, PRIVATE_FILE_MODE);
  const idxFd = openSync(join(dir, `${day}.idx`), flags, PRIVATE_FILE_MODE);
  let fileSeq = 0;
  try {
    const logSize = fstatSync(logFd).size;
    const indexed = decodeEntries(readRange(idxFd, 0, fstatSync(idxFd).size), logSize);
    // Trusted: blocks a checkpoint synced. From the first block that may not be synced, check the log.
    let trusted = indexed.findIndex((e) => e.lastSeq > synced);
    if (trusted < 0) trusted = indexed.length;
    const entries: IndexEntry[] = indexed.slice(0, trusted);
    const checkFrom = trusted ? entries.at(-1)!.offset + entries.at(-1)!.length : 0;
    const tail = indexBlocks(readRange(logFd, checkFrom, logSize - checkFrom), checkFrom);
    entries.push(...tail.entries);
    let good = tail.goodEnd;
    const heldSeq = entries.at(-1)?.lastSeq ?? 0;
    fileSeq = heldSeq;
    const missing = records.filter((r) => r.seq > heldSeq);
    for (let i = 0; i < missing.length;) {
      const texts: string[] = [];
      const part: StoredRecord[] = [];
      let bytes = 0;
      while (i < missing.length && (bytes < BATCH_TEXT_BYTES || texts.length === 0)) {
        const text = JSON.stringify(missing[i]);
        texts.push(text);
        part.push(missing[i]!);
        bytes += text.length;
        i += 1;
      }
      const block = encodeBlock(texts);
      checkFault('history', 'write');
      for (let written = 0; written < block.length;) written += writeSync(logFd, block, written, block.length - written, good + written);
      entries.push(entryFor(good, block.length, part));
      good += block.length;
    }
    checkFault('history', 'ftruncate');
    ftruncateSync(logFd, good);
    const index = encodeEntries(entries);
    checkFault('history', 'write');
    for (let written = 0; written < index.length;) written += writeSync(idxFd, index, written, index.length - written, written);
    ftruncateSync(idxFd, entries.length * ENTRY_BYTES);
    checkFault('checkpoint', 'fsync');
    fsyncSync(logFd);
    fsyncSync(idxFd);
  } finally {
    closeSync(logFd);
    closeSync(idxFd);
  }
  fsyncPathSync(dir);
  if (createdDir) fsyncPathSync(root);
  return Math.max(fileSeq, records.at(-1)?.seq ?? 0);
}
