import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consoleUrl } from '../shared/console-protocol.js';
import { DEFAULT_PORT, defaultDataDir } from '../backend/config.js';
import { desktopListenOptions, readDesktopSettings, DESKTOP_SETTINGS_FILE, type DesktopListenOptions } from '../backend/desktop-settings.js';
import { desktopStartErrorText, resetAdminPasswordFromMenu } from '../backend/desktop-support.js';
import { adminPasswordNotice } from '../backend/accounts/admin-password.js';
import { createStaticRenderer, findRendererDir } from '../backend/http/static-renderer.js';
import { serveBackend, type RunningBackend, type ServeOptions } from '../backend/serve.js';
import { registerApiHandler, registerConsoleRelay, type IpcMainEventLike, type SocketLike } from './bridge.js';
import { openConsoleSocket, sameCertificate } from './console-client.js';

/*
 * The desktop shell: hosts the backend in this process (its HTTP API keeps serving on loopback
 * for other tools), answers the renderer over IPC, and opens one locked-down window. Listener
 * choices (API/device address, TLS, ...) come from settings.json in the user-data folder
 * (backend/desktop-settings.ts), the same ones `dealer-console serve` takes as flags.
 */

const here = dirname(fileURLToPath(import.meta.url));
let running: RunningBackend | undefined;
let appOrigin = '';

let listen: DesktopListenOptions | undefined;
let settingsFile = DESKTOP_SETTINGS_FILE;
const dataDir = process.env.DEALER_CONSOLE_DATA || defaultDataDir();
let allowSharedDataFolder = false;

async function startBackend(): Promise<RunningBackend> {
  const rendererDir = findRendererDir();
  settingsFile = join(app.getPath('userData'), DESKTOP_SETTINGS_FILE);
  const { file, settings } = readDesktopSettings(app.getPath('userData'));
  console.log(`Dealer Console settings: ${file}${Object.keys(settings).length ? '' : ' (absent or empty: defaults)'}`);
  listen = desktopListenOptions(settings);
  allowSharedDataFolder = settings.allowSharedDataFolder ?? false;
  const options: ServeOptions = {
    dataDir,
    apiHost: listen.apiHost,
    apiPort: listen.apiPort ?? DEFAULT_PORT,
    deviceHost: listen.deviceHost,
    publicHost: listen.publicHost,
    tls: listen.tls,
    insecureHttp: listen.insecureHttp,
    allowedHosts: listen.allowedHosts,
    adminPassword: process.env.DEALER_CONSOLE_ADMIN_PASSWORD || undefined,
    allowSharedDataFolder,
    log: { info: (line) => console.log(line), error: (line) => console.error(line) },
    fallback: () => (rendererDir ? createStaticRenderer(rendererDir) : undefined),
  };
  try {
    return await serveBackend(options);
  } catch (error) {
    // Another program holds the default port: any free port will do for the window (a port set
    // in settings.json or DEALER_CONSOLE_PORT is kept, and its failure shown). The first
    // administrator is created only once a port listens, so the retry is what shows its password.
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || listen.apiPort !== undefined) throw error;
    return serveBackend({ ...options, apiPort: 0 });
  }
}

/** Administration → Reset administrator password…: confirm, reset on the hosted backend, show the new one. */
async function resetAdminFromMenu(): Promise<void> {
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: 'Dealer Console',
    message: 'Reset the administrator password?',
    detail: 'A new password is generated for the login "admin" and shown once. Every session of "admin" ends, in this window too.',
    buttons: ['Reset', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
  });
  if (response !== 0) return;
  try {
    const notice = await resetAdminPasswordFromMenu({ running, dataDir, allowSharedDataFolder });
    await dialog.showMessageBox({ type: 'info', title: 'Dealer Console', ...notice });
  } catch (error) {
    dialog.showErrorBox('The administrator password was not reset', desktopStartErrorText(error, settingsFile));
  }
}

function installMenu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
      { role: 'fileMenu' },
      { role: 'editMenu' },
      { role: 'viewMenu' },
      { label: 'Administration', submenu: [{ label: 'Reset administrator password…', click: () => void resetAdminFromMenu() }] },
      { role: 'windowMenu' },
    ]),
  );
}

function isTrustedSender(event: IpcMainEventLike): boolean {
  const url = event.senderFrame?.url;
  return !!url && new URL(url).origin === appOrigin;
}

function openSocket(target: Parameters<typeof consoleUrl>[1]): SocketLike {
  return openConsoleSocket(consoleUrl(running!.http.url, target), listen?.tls?.cert);
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'Dealer Console',
    show: false,
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    // No new windows; plain web links open in the user's browser.
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (new URL(url).origin !== appOrigin) event.preventDefault();
  });
  void window.loadURL(`${appOrigin}/`);
  return window;
}

async function main(): Promise<void> {
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  installMenu();
  running = await startBackend();
  appOrigin = new URL(running.http.url).origin;
  // Over TLS the window trusts exactly the certificate the backend was given, for the app's origin only.
  app.on('certificate-error', (event, _contents, url, _error, certificate, callback) => {
    const ours = !!listen?.tls && new URL(url).origin === appOrigin && sameCertificate(certificate.data, listen.tls.cert);
    if (ours) event.preventDefault();
    callback(ours);
  });
  registerApiHandler(ipcMain, (request) => running!.backend.dispatchWhole(request), { isTrustedSender });
  const relay = registerConsoleRelay(ipcMain, { isTrustedSender, openSocket });
  console.log(`Dealer Console API ready at ${running.http.url}/v2/panel/ (data: ${running.backend.dataDir})`);

  if (running.backend.generatedAdminPassword) {
    await dialog.showMessageBox({ type: 'info', title: 'Dealer Console', ...adminPasswordNotice('admin', running.backend.generatedAdminPassword, 'created') });
  }
  createWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !running) return;
    event.preventDefault();
    quitting = true;
    relay.closeAll();
    void running.stop().finally(() => app.quit());
  });
  app.on('window-all-closed', () => app.quit());
}

main().catch((error: unknown) => {
  dialog.showErrorBox('Dealer Console could not start', desktopStartErrorText(error, settingsFile));
  app.exit(1);
});
