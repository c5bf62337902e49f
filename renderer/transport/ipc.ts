import type { DealerConsoleBridge } from '../../shared/bridge';
import type { Transport } from './transport';

let nextConsoleId = 1;

/** Inside Electron: every call goes through the preload's bridge (main batches console output). */
export function createIpcTransport(bridge: DealerConsoleBridge): Transport {
  return {
    kind: 'ipc',
    call: (path, params, hash) => bridge.call({ path, params, hash }),
    openConsole(target, onEvents) {
      const id = `console-${nextConsoleId++}-${Date.now().toString(36)}`;
      const unsubscribe = bridge.console.subscribe(id, target, onEvents);
      return {
        send: (command) => bridge.console.send(id, command),
        close: unsubscribe,
      };
    },
  };
}
