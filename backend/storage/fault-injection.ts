/**
 * Test seam for storage faults. Production code calls `checkFault(site)` just before each write,
 * sync or rename of a storage file; it does nothing unless a test planned a fault for that site.
 * Real faults (a full disk, a read-only remount) are tested with a small tmpfs; this seam covers
 * what tmpfs cannot produce (EIO) and pins "exactly the next write fails once".
 */
export type FaultSite =
  | 'journal' // the database journal (journal-*.log)
  | 'snapshot' // snapshot.db.tmp
  | 'wal' // the tracking write-ahead log (tracking/wal-*.log)
  | 'history' // tracking/<source>/<day>.log and its index
  | 'checkpoint'; // tracking/checkpoint.json and the history fsyncs of a checkpoint

export type FaultCode = 'ENOSPC' | 'EIO' | 'EROFS';

const ERRNO: Record<FaultCode, number> = { ENOSPC: -28, EIO: -5, EROFS: -30 };
const MESSAGE: Record<FaultCode, string> = {
  ENOSPC: 'no space left on device',
  EIO: 'i/o error',
  EROFS: 'read-only file system',
};

interface Plan {
  site: FaultSite;
  code: FaultCode;
  remaining: number; // Infinity: until cleared
  /** Only this operation (`write`, `fdatasync`, `ftruncate`, `rename`...); any when absent. */
  syscall?: string;
}

const plans: Plan[] = [];

/**
 * The next `times` operations at `site` fail with `code` (Infinity: until `clearFaults`); with
 * `syscall`, only operations of that name count (e.g. 'fdatasync': the write before it succeeds).
 */
export function injectFault(site: FaultSite, code: FaultCode, times = 1, syscall?: string): void {
  plans.push({ site, code, remaining: times, syscall });
}

export function clearFaults(site?: FaultSite): void {
  for (let i = plans.length - 1; i >= 0; i--) if (!site || plans[i]!.site === site) plans.splice(i, 1);
}

/** An error shaped like the one Node's fs gives for `code`. */
export function fsError(code: FaultCode, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${MESSAGE[code]}, ${syscall}`), { code, errno: ERRNO[code], syscall });
}

/** Throws the planned fault for `site`, if any. */
export function checkFault(site: FaultSite, syscall = 'write'): void {
  if (plans.length === 0) return;
  const plan = plans.find((p) => p.site === site && p.remaining > 0 && (p.syscall === undefined || p.syscall === syscall));
  if (!plan) return;
  plan.remaining -= 1;
  if (plan.remaining === 0) plans.splice(plans.indexOf(plan), 1);
  throw fsError(plan.code, syscall);
}
