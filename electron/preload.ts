// Sandboxed preload: bundled into one CommonJS file (dist/electron/preload.cjs) by `vite build --mode preload`,
// because a sandboxed preload can require only 'electron' and a few built-ins.
import { contextBridge, ipcRenderer } from 'electron';
import { createRendererBridge } from './bridge.js';

contextBridge.exposeInMainWorld('dealerConsole', createRendererBridge(ipcRenderer));
