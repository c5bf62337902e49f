import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consoleUrl } from '../shared/console-protocol.js';
import { DEFAULT_HOST, DEFAULT_PORT, defaultDataDir } from '../backend/config.js';
import { createStaticRenderer, findRendererDir } from '../backend/http/static-renderer.js';
import { serveBackend, type RunningBackend, type ServeOptions } from '../backend/serve.js';
import { registerApiHandler, registerConsoleRelay, type IpcMainEventLike, type SocketLike } from './bridge.js';

/*
 * The desktop shell: hosts the backend in this process (its HTTP API keeps serving on loopback
 * for other tools), answers the renderer over IPC, and opens one locked-down window.
 */

const here = dirname(fileURLToPath(import.meta.url));
let running: RunningBackend | undefined;
let appOrigin = '';

async function startBackend(): Promise<RunningBackend> {
  const rendererDir = findRendererDir();
  const options: ServeOptions = {
    dataDir: process.env.DEALER_CONSOLE_DATA || defaultDataDir(),
    host: DEFAULT_HOST,
    port: Number(process.env.DEALER_CONSOLE_PORT) || DEFAULT_PORT,
    adminPassword: process.env.DEALER_CONSOLE_ADMIN_PASSWORD || undefined,
    log: { info: (line) => console.log(line), error: (line) => console.error(line) },
    fallback: () => (rendererDir ? createStaticRenderer(rendererDir) : undefined),
  };
  try {
    return await serveBackend(options);
  } catch (error) {
    // Another program holds the default port: any free loopback port will do for the window.
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return serveBackend({ ...options, port: 0 });
  }
}

function isTrustedSender(event: IpcMainEventLike): boolean {
  const url = event.senderFrame?.url;
  return !!url && new URL(url).origin === appOrigin;
}

function openSocket(target: Parameters<typeof consoleUrl>[1]): SocketLike {
  const WebSocketClass = (globalThis as unknown as { WebSocket?: new (url: string) => SocketLike }).WebSocket;
  if (!WebSocketClass) throw new Error('This Electron has no WebSocket client');
  return new WebSocketClass(consoleUrl(running!.http.url, target));
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

  running = await startBackend();
  appOrigin = new URL(running.http.url).origin;
  registerApiHandler(ipcMain, (request) => running!.backend.dispatch(request), { isTrustedSender });
  const relay = registerConsoleRelay(ipcMain, { isTrustedSender, openSocket });
  console.log(`Dealer Console API ready at ${running.http.url}/v2/panel/ (data: ${running.backend.dataDir})`);

  if (running.backend.generatedAdminPassword) {
    await dialog.showMessageBox({
      type: 'info',
      title: 'Dealer Console',
      message: 'The administrator account was created',
      detail: `Login: admin\nPassword: ${running.backend.generatedAdminPassword}\n\nWrite it down: it is shown only this once.`,
    });
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
  dialog.showErrorBox('Dealer Console could not start', (error as Error)?.message ?? String(error));
  app.exit(1);
});
