import { Backend, type Logger } from './backend.js';
import { startHttpApi, type FallbackHandler, type HttpApi } from './http/server.js';

export interface ServeOptions {
  dataDir: string;
  host: string;
  port: number;
  sessionTtlMs?: number;
  adminPassword?: string;
  log: Logger;
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
  try {
    http = await startHttpApi(backend, options.host, options.port, options.fallback?.(backend));
  } catch (error) {
    await backend.close();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    backend,
    http,
    stop() {
      stopping ??= (async () => {
        await http.close();
        await backend.close();
      })();
      return stopping;
    },
  };
}
