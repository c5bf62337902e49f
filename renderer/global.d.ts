import type { DealerConsoleBridge } from '../shared/bridge';

declare global {
  interface Window {
    /** Present only inside the Electron window (exposed by electron/preload.ts). */
    dealerConsole?: DealerConsoleBridge;
  }
}

export {};
