import { Backend, type Logger } from './backend.js';
import { attachConsoleSocket } from './http/console-socket.js';
import { startHttpApi, type FallbackHandler, type HttpApi } from './http/server.js';
import { checkApiExposure, type TlsFiles } from './http/tls.js';
import { checkAllowedHosts } from './http/host-origin.js';
import { DEFAULT_HOST, DEFAULT_PORT } from './config.js';
import type { ProtocolName } from './devices/protocols/types.js';
import type { GatewayLimits } from './devices/gateway-limits.js';

export interface ServeOptions {
  dataDir: string;
  /** A PostgreSQL URL: the database lives there (see BackendOptions.databaseUrl). */
  databaseUrl?: string;
  /** Address of the panel API, `/console` and the UI (default 127.0.0.1). */
  apiHost?: string;
  /** Port of the panel API (default 8383; 0 = any free one). */
  apiPort?: number;
  /** Older name of apiHost (`--host`); apiHost wins. */
  host?: string;
  /** Older name of apiPort (`--port`); apiPort wins. */
  port?: number;
  /** Address of the device TCP listeners (default 127.0.0.1; `0.0.0.0` for trackers on the internet). */
  deviceHost?: string;
  /** PEM certificate and key: the API is served over HTTPS (and the console over wss://). */
  tls?: TlsFiles;
  /** Allows a non-loopback apiHost without TLS (a warning line is logged). */
  insecureHttp?: boolean;
  /** Extra names accepted in `Host`/`Origin` (`--api-allowed-host`). */
  allowedHosts?: readonly string[];
  sessionTtlMs?: number;
  /** Days audit rows are kept (`--audit-retention-days`, default 400). */
  auditRetentionDays?: number;
  adminPassword?: string;
  /** Open a data folder others may read or write (`--allow-shared-data-folder`); refused otherwise. */
  allowSharedDataFolder?: boolean;
  log: Logger;
  /** Device TCP ports: absent = the protocol's default, null = disabled, 0 = any free port. */
  devicePorts?: Partial<Record<ProtocolName, number | null>>;
  /** The address devices are told to connect to by tracker/register_retry (default: deviceHost when reachable). */
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
  const apiHost = options.apiHost ?? options.host ?? DEFAULT_HOST;
  const apiPort = options.apiPort ?? options.port ?? DEFAULT_PORT;
  const deviceHost = options.deviceHost ?? DEFAULT_HOST;
  // Refused before the data folder is opened: nothing is created for a start that cannot happen.
  const warning = checkApiExposure(apiHost, options.tls, options.insecureHttp ?? false);
  checkAllowedHosts(options.allowedHosts ?? []);
  if (warning) options.log.error(warning);
  const backend = await Backend.open({
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl,
    sessionTtlMs: options.sessionTtlMs,
    auditRetentionDays: options.auditRetentionDays,
    adminPassword: options.adminPassword,
    allowSharedDataFolder: options.allowSharedDataFolder,
    // The first administrator is committed only once the API listens (below): a start that
    // fails before, e.g. on a busy port, leaves no password behind that nobody saw.
    deferFirstAdmin: true,
    log: options.log,
  });
  backend.billing.start();
  let http: HttpApi;
  let detachConsole: () => void;
  try {
    const limits = Object.fromEntries(Object.entries(options.deviceLimits ?? {}).filter(([, v]) => v !== undefined)) as Partial<GatewayLimits>;
    await backend.gateway.start({ host: deviceHost, ports: options.devicePorts ?? {}, limits });
    http = await startHttpApi(backend, apiHost, apiPort, { fallback: options.fallback?.(backend), tls: options.tls, allowedHosts: options.allowedHosts });
    detachConsole = attachConsoleSocket(http.server, backend, http.guard);
  } catch (error) {
    await backend.close();
    throw error;
  }
  try {
    await backend.createFirstAdmin();
  } catch (error) {
    detachConsole();
    await http.close();
    await backend.close();
    throw error;
  }
  backend.publicAddress = { flagHost: options.publicHost, listenHost: deviceHost, ports: Object.fromEntries(backend.gateway.ports) };
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
