import { closeSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openPrivateSync } from './private-files.js';

export class DataFolderInUseError extends Error {}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Lock files this process holds. A LOCK naming our own pid is ours only if it is in here: otherwise
 * it was left by an earlier process that had the same pid (containers restart as pid 1).
 */
const heldHere = new Set<string>();

/**
 * One process per data folder. The lock file holds the owner's pid; a lock whose owner is gone
 * (killed with SIGKILL, power loss) is stale and taken over.
 */
export class DataFolderLock {
  private released = false;

  private constructor(private readonly path: string) {
    heldHere.add(path);
  }

  static acquire(dir: string): DataFolderLock {
    const path = join(resolve(dir), 'LOCK');
    if (heldHere.has(path)) {
      throw new DataFolderInUseError(`The data folder ${dir} is already open in this process.`);
    }
    try {
      const fd = openPrivateSync(path, 'wx');
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      return new DataFolderLock(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
    // pid 0 and negative pids address process groups, never a lock owner.
    if (Number.isSafeInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner)) {
      throw new DataFolderInUseError(
        `The data folder ${dir} is in use by another Dealer Console process (pid ${owner}). ` + 'Stop that process or choose another folder with --data.',
      );
    }
    // Stale: its owner is gone (or the file is empty, torn by a crash right after it was created).
    const fd = openPrivateSync(path, 'w');
    try {
      writeSync(fd, String(process.pid));
    } finally {
      closeSync(fd);
    }
    return new DataFolderLock(path);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    heldHere.delete(this.path);
    try {
      unlinkSync(this.path);
    } catch {
      // already gone
    }
  }
}
