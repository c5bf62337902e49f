import { existsSync } from 'node:fs';
import { Backend, type Logger } from '../backend.js';
import { generatePassword, hashPassword } from './passwords.js';

/**
 * Recovery of an administrator account whose password is lost: a new random password, and every
 * session of the account ends (its open consoles close, "session ended"). Used by
 * `dealer-console admin reset-password` on a stopped backend and by the desktop app's menu on the
 * backend it hosts; plain Node (no `electron`), so both are tested here.
 */

export const DEFAULT_ADMIN_LOGIN = 'admin';

/** The reset cannot be done (no folder, no such administrator): a message for the user. */
export class AdminResetError extends Error {}

export interface AdminReset {
  login: string;
  /** The new password: shown once, stored only as its scrypt hash. */
  password: string;
  /** Sessions of the account that were ended. */
  sessionsEnded: number;
}

/** Resets the password of administrator `login` on an open backend (running or not). */
export async function resetAdminPassword(backend: Backend, login = DEFAULT_ADMIN_LOGIN): Promise<AdminReset> {
  if (!(await backend.dealers.any())) {
    throw new AdminResetError('The data folder has no administrator yet: start it once (dealer-console serve) to create one.');
  }
  const password = generatePassword();
  const reset = await backend.accounts.resetAdminPassword(login, await hashPassword(password));
  if (!reset) throw new AdminResetError(`There is no administrator login "${login}" in this data folder.`);
  // Consoles opened with the ended sessions' keys close now, saying why.
  backend.gateway.console.recheckConsoles();
  return { login, password, sessionsEnded: reset.sessionsEnded };
}

export interface FolderResetOptions {
  login?: string;
  allowSharedDataFolder?: boolean;
  log?: Logger;
}

/**
 * The same on a data folder whose backend is stopped. Refused (DataFolderInUseError) while a
 * server holds the folder's lock: that server would not see the new password until restarted,
 * and its open sessions would go on.
 */
export async function resetAdminPasswordInFolder(dataDir: string, options: FolderResetOptions = {}): Promise<AdminReset> {
  if (!existsSync(dataDir)) throw new AdminResetError(`There is no data folder at ${dataDir}.`);
  const backend = await Backend.open({
    dataDir,
    deferFirstAdmin: true,
    allowSharedDataFolder: options.allowSharedDataFolder,
    log: options.log ?? { info: () => {}, error: (line) => console.error(line) },
  });
  try {
    return await resetAdminPassword(backend, options.login);
  } finally {
    await backend.close();
  }
}

/** The dialog (or terminal lines) that shows a new or generated administrator password. */
export function adminPasswordNotice(login: string, password: string, reason: 'created' | 'reset'): { message: string; detail: string } {
  return {
    message: reason === 'created' ? 'The administrator account was created' : 'The administrator password was reset',
    detail:
      `Login: ${login}\nPassword: ${password}\n\nWrite it down: it is shown only this once.` +
      (reason === 'reset' ? ' Every session of this login was ended.' : ''),
  };
}
