import type { ApiEnvelope, ConsoleEvent, ConsoleTarget } from '../../shared/bridge';

/** An open console session: send commands, close when done (closing also stops the events). */
export interface ConsoleConnection {
  send(command: string): void;
  close(): void;
}

/**
 * How the renderer reaches the backend. It does not know where it runs (docs/architecture.md §2.8):
 * IPC inside Electron, HTTP + WebSocket in a browser. Both always resolve with an envelope.
 */
export interface Transport {
  readonly kind: 'ipc' | 'http';
  call(path: string, params: Record<string, unknown>, hash?: string): Promise<ApiEnvelope>;
  /** Events arrive in batches (~16 ms) so a fast device does not cost one render per line. */
  openConsole(target: ConsoleTarget, onEvents: (events: ConsoleEvent[]) => void): ConsoleConnection;
}
