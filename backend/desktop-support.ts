import { adminPasswordNotice, resetAdminPassword, resetAdminPasswordInFolder } from './accounts/admin-password.js';
import type { RunningBackend } from './serve.js';
import { SharedDataFolderError, formatMode } from './storage/private-files.js';

/*
 * What electron/main.ts shows in its dialogs, kept here in plain Node (never `electron`) so the
 * tests load it: main.ts only calls these and passes the result to `dialog`.
 */

/** The text of the "could not start" dialog: the desktop app's words for what `serve` says with flags. */
export function desktopStartErrorText(error: unknown, settingsFile: string): string {
  if (error instanceof SharedDataFolderError) {
    return (
      `The data folder ${error.folder} can be read or changed by other users of this computer (permissions ${formatMode(error.mode)}). ` +
      'It holds the database, sessions and device history, so Dealer Console refuses to use it as it is.\n\n' +
      `Make it private (in a terminal: chmod 700 '${error.folder}'), or, to use it anyway, set "allowSharedDataFolder": true in ${settingsFile}.`
    );
  }
  return (error as Error)?.message ?? String(error);
}

export interface MenuResetDeps {
  /** The backend this process hosts, if it is running. */
  running: RunningBackend | undefined;
  /** The data folder, for a reset while the backend is stopped. */
  dataDir: string;
  allowSharedDataFolder?: boolean;
}

/**
 * The menu's "Reset administrator password…": on the hosted backend while it runs (this process
 * holds the folder's lock), else on the stopped folder. Resolves with the dialog to show; the
 * renderer's own admin session ends with the others and it returns to the sign-in screen.
 */
export async function resetAdminPasswordFromMenu(deps: MenuResetDeps): Promise<{ message: string; detail: string }> {
  const reset = deps.running
    ? await resetAdminPassword(deps.running.backend)
    : await resetAdminPasswordInFolder(deps.dataDir, { allowSharedDataFolder: deps.allowSharedDataFolder });
  return adminPasswordNotice(reset.login, reset.password, 'reset');
}
