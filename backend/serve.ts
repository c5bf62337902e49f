import { Backend, type Logger } from './backend.js';
import { attachConsoleSocket } from './http/console-socket.js';
import { startHttpApi, type FallbackHandler, type HttpApi } from './http/server.js';
import type { ProtocolName } from './devices/protocols/types.js';
import type { GatewayLimits } from './devices/gateway-limits.js';

export interface ServeOptions {
  dataDir: string;
  host: string;
  port: number;
  sessionTtlMs?: number;
  adminPassword?: string;
  log: Logger;
  /** Device TCP ports: absent = the protocol's default, null = disabled, 0 = any free port. */
  devicePorts?: Partial<Record<ProtocolName, number | null>>;
  /** The address devices are told to connect to by tracker/register_retry (default: host). */
  publicHost?: string;
  /** Device connection bounds (`--device-*` flags); absent fields keep the defaults. */
  deviceLimits?: { [K in keyof GatewayLimits]?: GatewayLimits[K] | undefined };
  fallback?: (backend: Backend) => FallbackHandler | undefined;
}

export interface RunningBackend {
  backend: Backend;
  http: HttpApi;
  stop(): Promise<void>;
}

/** Opens the data folder and serves the HTTP API; shared by the CLI and the Electron main process. */
export async function serveBackend(options: ServeOptions): Promise<RunningBackend> {
  const backend = await Backend.open({
    dataDir: options.dataDir,
    sessionTtlMs: options.sessionTtlMs,
    adminPassword: options.adminPassword,
    log: options.log,
  });
  backend.billing.start();
  let http: HttpApi;
  let detachConsole: () => void;
  try {
    const limits = Object.fromEntries(Object.entries(options.deviceLimits ?? {}).filter(([, v]) => v !== undefined)) as Partial<GatewayLimits>;
    await backend.gateway.start({ host: options.host, ports: options.devicePorts ?? {}, limits });
    http = await startHttpApi(backend, options.host, options.port, options.fallback?.(backend));
    detachConsole = attachConsoleSocket(http.server, backend);
  } catch (error) {
    await backend.close();
    throw error;
  }
  backend.publicAddress = { flagHost: options.publicHost, listenHost: options.host, ports: Object.fromEntries(backend.gateway.ports) };
  let stopping: Promise<void> | undefined;
  return {
    backend,
    http,
    stop() {
      stopping ??= (async () => {
        detachConsole();
        await http.close();
        await backend.close();
      })();
      return stopping;
    },
  };
}
