import { homedir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8383;

/** The platform's per-user application-data folder for Dealer Console. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Dealer Console');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Dealer Console');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'dealer-console');
}
