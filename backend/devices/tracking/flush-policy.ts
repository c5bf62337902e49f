import type { HistoryFile } from './history-files.js';

/** One file's buffered records are written in one block of at most this much JSON text. */
export const FILE_BLOCK_BYTES = 1024 * 1024;

export interface FlushPolicy {
  /** The longest a record waits in memory, ms. */
  flushMs: number;
  /** How often the store looks for due files, ms. */
  tickMs: number;
  /** Buffered bytes past which the oldest files go early. */
  softBytes: number;
}

/**
 * The files a history run writes. 'all': every file with buffered records. 'due': files whose
 * oldest record waited `flushMs` or that hold a block's worth, oldest first, at most about twice
 * the share of one tick (records of many trackers arrive together; their writes are spread over
 * ticks instead of all landing at once), then, while the buffer is over `softBytes`, the files
 * waiting longest until half of it is left. Files in their retry wait are skipped in 'due'.
 */
export function selectFiles(files: Iterable<HistoryFile>, mode: 'due' | 'all', policy: FlushPolicy, pendingBytes: number, now: number): HistoryFile[] {
  const all: HistoryFile[] = [];
  const due: HistoryFile[] = [];
  const waiting: HistoryFile[] = [];
  let buffered = 0;
  for (const file of files) {
    if (!file.pending.length || file.writing) continue;
    buffered += 1;
    if (mode === 'all') all.push(file);
    else if (file.failure && now < file.failure.retryAt) continue;
    else if (now - file.pendingSince >= policy.flushMs || file.pendingBytes >= FILE_BLOCK_BYTES) due.push(file);
    else waiting.push(file);
  }
  if (mode === 'all') return all;
  const cap = Math.max(256, Math.ceil((2 * buffered * policy.tickMs) / policy.flushMs));
  due.sort((a, b) => a.pendingSince - b.pendingSince);
  const chosen = due.length > cap ? due.slice(0, cap) : due;
  let selected = chosen.reduce((sum, f) => sum + f.pendingBytes, 0);
  if (pendingBytes - selected > policy.softBytes) {
    const rest = due.slice(chosen.length).concat(waiting.sort((a, b) => a.pendingSince - b.pendingSince));
    for (const file of rest) {
      if (pendingBytes - selected <= policy.softBytes / 2) break;
      chosen.push(file);
      selected += file.pendingBytes;
    }
  }
  return chosen;
}
