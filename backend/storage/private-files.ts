import { chmodSync, closeSync, fchmodSync, mkdirSync, openSync, statSync, type OpenMode } from 'node:fs';
import { chmod, mkdir, open, type FileHandle } from 'node:fs/promises';

/**
 * The data folder is private to the user running the backend, like PostgreSQL's: the folder and
 * every folder in it 0700, every file 0600, whatever the umask (the umask can only take bits away
 * from the mode given at creation, so the mode is set again explicitly). Shared by the database
 * (journal, snapshot, LOCK) and the tracking store (WAL, history, index and checkpoint files).
 *
 * On Windows modes mean nothing (the per-user app-data folder's ACL is what protects it): the
 * helpers only create, and the folder check passes.
 */

/** Folders in the data folder, the data folder included. */
export const PRIVATE_DIR_MODE = 0o700;
/** Every file in the data folder. */
export const PRIVATE_FILE_MODE = 0o600;
/** Permission bits that must be clear on the data folder (group and other: read, write, search). */
export const SHARED_BITS = 0o077;

const modesApply = process.platform !== 'win32';

/** A filesystem that cannot store modes (vfat, some network mounts): the folder check is the guard there. */
function ignorable(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP';
}

function tightenFd(fd: number): void {
  if (!modesApply) return;
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
  } catch (error) {
    if (!ignorable(error)) throw error;
  }
}

/**
 * `openSync` for a file in the data folder: created 0600, and an existing file (written by an
 * older version, or copied in) is set to 0600 as well.
 */
export function openPrivateSync(path: string, flags: OpenMode): number {
  const fd = openSync(path, flags, PRIVATE_FILE_MODE);
  try {
    tightenFd(fd);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

/** `fs.promises.open` for a file in the data folder (0600, as openPrivateSync). */
export async function openPrivate(path: string, flags: OpenMode): Promise<FileHandle> {
  const handle = await open(path, flags, PRIVATE_FILE_MODE);
  if (!modesApply) return handle;
  try {
    await handle.chmod(PRIVATE_FILE_MODE);
  } catch (error) {
    if (!ignorable(error)) {
      await handle.close();
      throw error;
    }
  }
  return handle;
}

/** Sets an existing file of the data folder (one an older version wrote 0644) to 0600; a missing one is fine. */
export function tightenPrivateFileSync(path: string): void {
  if (!modesApply) return;
  try {
    chmodSync(path, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !ignorable(error)) throw error;
  }
}

/** Creates `dir` (and missing parents) 0700; an existing `dir` is set to 0700 too. */
export function mkdirPrivateSync(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  // Already private (the usual case, and the only one a read-only disk allows): nothing to change.
  if (!modesApply || (statSync(dir).mode & 0o777) === PRIVATE_DIR_MODE) return;
  try {
    chmodSync(dir, PRIVATE_DIR_MODE);
  } catch (error) {
    if (!ignorable(error)) throw error;
  }
}

/** Async mkdirPrivateSync; resolves with the first folder created, like `mkdir({recursive})`. */
export async function mkdirPrivate(dir: string): Promise<string | undefined> {
  const created = await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (modesApply) {
    try {
      await chmod(dir, PRIVATE_DIR_MODE);
    } catch (error) {
      if (!ignorable(error)) throw error;
    }
  }
  return created;
}

/** The data folder can be read, written or searched by others (group/other bits set). */
export class SharedDataFolderError extends Error {
  constructor(
    readonly folder: string,
    /** The folder's permission bits, e.g. 0o755. */
    readonly mode: number,
  ) {
    super(
      `The data folder ${folder} is accessible to other users (mode ${formatMode(mode)}): it holds the database, ` +
        `session data and device history, so it must be private to you. Run \`chmod 700 '${folder}'\` ` +
        '(or choose another folder with --data), or start with --allow-shared-data-folder to use it as it is.',
    );
    this.name = 'SharedDataFolderError';
  }
}

export function formatMode(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}

/**
 * Makes the data folder ready before anything is written in it: a missing folder is created 0700;
 * an existing one whose group/other bits are set is refused (SharedDataFolderError) unless
 * `allowShared`. The folder is never chmod'ed behind the user's back: a shared folder stays as
 * the user made it.
 */
export function preparePrivateDataFolder(dir: string, { allowShared = false }: { allowShared?: boolean } = {}): void {
  let mode: number;
  try {
    mode = statSync(dir).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirPrivateSync(dir);
    return;
  }
  if (!modesApply || allowShared) return;
  if ((mode & SHARED_BITS) !== 0) throw new SharedDataFolderError(dir, mode & 0o777);
}
