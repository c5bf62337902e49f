import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

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
 * One process per data folder. The lock file holds the owner's pid; a lock whose owner is gone
 * (killed with SIGKILL, power loss) is stale and taken over.
 */
export class DataFolderLock {
  private constructor(private readonly path: string) {}

  static acquire(dir: string): DataFolderLock {
    const path = join(dir, 'LOCK');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return new DataFolderLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
        if (Number.isFinite(owner) && owner !== process.pid && processAlive(owner)) {
          throw new DataFolderInUseError(
            `The data folder ${dir} is in use by another Dealer Console process (pid ${owner}). ` +
              'Stop that process or choose another folder with --data.',
          );
        }
        // Stale: its owner is gone. Replace it.
        writeFileSync(path, String(process.pid));
        return new DataFolderLock(path);
      }
    }
    throw new DataFolderInUseError(`Could not lock the data folder ${dir}`);
  }

  release(): void {
    try {
      unlinkSync(this.path);
    } catch {
      // already gone
    }
  }
}
