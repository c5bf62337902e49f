import { readFileSync } from 'node:fs';

/** Descriptors left for everything that is not a history file: device sockets, the API, the database. */
const RESERVED_DESCRIPTORS = 12_000;
const MIN_HISTORY_DESCRIPTORS = 512;
const MAX_HISTORY_DESCRIPTORS = 16_384;

/** The process's open-file limit (Node raises the soft limit to the hard one at start), if the OS says. */
export function openFileLimit(limits = readProcLimits()): number | undefined {
  const line = limits?.split('\n').find((l) => l.startsWith('Max open files'));
  const soft = line?.split(/\s{2,}/)[1];
  const n = Number(soft);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

function readProcLimits(): string | undefined {
  try {
    return readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return undefined; // not Linux
  }
}

/**
 * How many descriptors the history files may hold open: what the limit leaves after
 * RESERVED_DESCRIPTORS, between 512 and 16,384. Every device that reports keeps its day file
 * (log + index, two descriptors) open when the budget allows, so a write needs no open/close.
 */
export function historyDescriptorBudget(limit: number | null = openFileLimit() ?? null): number {
  if (limit === null) return MIN_HISTORY_DESCRIPTORS;
  return Math.max(MIN_HISTORY_DESCRIPTORS, Math.min(MAX_HISTORY_DESCRIPTORS, limit - RESERVED_DESCRIPTORS));
}
