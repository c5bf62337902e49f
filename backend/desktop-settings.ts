import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_HOST } from './config.js';
import { parseHostEntry } from './http/host-origin.js';
import { loadTlsFiles, ServeConfigError, type TlsFiles } from './http/tls.js';

/**
 * The desktop app's listener settings: `settings.json` in the app's user-data folder, the same
 * choices `dealer-console serve` takes as flags. Read by electron/main.ts; kept here, free of any
 * `electron` import, so it is tested in plain Node.
 *
 * ```json
 * { "apiHost": "127.0.0.1", "apiPort": 8383, "deviceHost": "0.0.0.0", "publicHost": "gps.example.com",
 *   "tlsCert": "/etc/dealer-console/cert.pem", "tlsKey": "/etc/dealer-console/key.pem",
 *   "insecureHttp": false, "allowedHosts": ["console.example.com"], "allowSharedDataFolder": false }
 * ```
 * Every field is optional; a missing file means the defaults (everything on 127.0.0.1).
 */

export const DESKTOP_SETTINGS_FILE = 'settings.json';

const host = z.string().trim().min(1, 'must not be empty').max(253);
const schema = z
  .object({
    apiHost: host.optional(),
    apiPort: z.number().int().min(0).max(65535).optional(),
    deviceHost: host.optional(),
    publicHost: host.optional(),
    tlsCert: z.string().min(1).optional(),
    tlsKey: z.string().min(1).optional(),
    insecureHttp: z.boolean().optional(),
    allowedHosts: z.array(z.string().refine((entry) => parseHostEntry(entry) !== undefined, 'must be a host name, address or name:port')).optional(),
    /** `--allow-shared-data-folder`: open a data folder other users can read or write (read by electron/main.ts). */
    allowSharedDataFolder: z.boolean().optional(),
  })
  .strict();

export type DesktopSettings = z.infer<typeof schema>;

/** Checks the text of settings.json; every problem is named in one ServeConfigError. */
export function parseDesktopSettings(text: string, file = DESKTOP_SETTINGS_FILE): DesktopSettings {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ServeConfigError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : '(settings)';
      return issue.code === 'unrecognized_keys' ? `unknown setting(s) ${issue.keys.join(', ')}` : `${where}: ${issue.message}`;
    });
    throw new ServeConfigError(`${file}: ${problems.join('; ')}`);
  }
  if ((parsed.data.tlsCert === undefined) !== (parsed.data.tlsKey === undefined)) {
    throw new ServeConfigError(`${file}: tlsCert and tlsKey go together: give both PEM files`);
  }
  return parsed.data;
}

/** The settings in `dir`, or {} when there is no settings.json there. */
export function readDesktopSettings(dir: string): { file: string; settings: DesktopSettings } {
  const file = join(dir, DESKTOP_SETTINGS_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file, settings: {} };
    throw new ServeConfigError(`cannot read ${file}: ${(error as Error).message}`);
  }
  return { file, settings: parseDesktopSettings(text, file) };
}

/** The serveBackend options the settings stand for (TLS files read here). */
export interface DesktopListenOptions {
  apiHost: string;
  /** undefined: the default port, and any free one when it is taken. */
  apiPort: number | undefined;
  deviceHost: string;
  publicHost: string | undefined;
  tls: TlsFiles | undefined;
  insecureHttp: boolean;
  allowedHosts: string[];
}

export function desktopListenOptions(settings: DesktopSettings, env: NodeJS.ProcessEnv = process.env): DesktopListenOptions {
  const envPort = Number(env.DEALER_CONSOLE_PORT);
  return {
    apiHost: settings.apiHost ?? DEFAULT_HOST,
    // DEALER_CONSOLE_PORT (older) overrides the file, as it did before the file existed.
    apiPort: Number.isInteger(envPort) && envPort > 0 && envPort <= 65535 ? envPort : settings.apiPort,
    deviceHost: settings.deviceHost ?? DEFAULT_HOST,
    publicHost: settings.publicHost,
    tls: loadTlsFiles(settings.tlsCert, settings.tlsKey),
    insecureHttp: settings.insecureHttp ?? false,
    allowedHosts: settings.allowedHosts ?? [],
  };
}
