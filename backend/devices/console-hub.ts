/** What the live console shows: decoded status pairs, and raw traffic / command replies as text lines. */
export type ConsoleEvent = { type: 'status'; data: [string, string][] } | { type: 'output'; msg: string };

export type ConsoleListener = (event: ConsoleEvent) => void;

/**
 * The console tap: the gateway publishes per source; consumers (the WebSocket endpoint, Electron
 * IPC) subscribe and must call the unsubscribe function they get back.
 */
export class ConsoleHub {
  private readonly listeners = new Map<number, Set<ConsoleListener>>();

  subscribe(sourceId: number, listener: ConsoleListener): () => void {
    let set = this.listeners.get(sourceId);
    if (!set) this.listeners.set(sourceId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(sourceId);
    };
  }

  /** Whether anyone listens (callers skip formatting output nobody reads). */
  watched(sourceId: number): boolean {
    return this.listeners.has(sourceId);
  }

  publish(sourceId: number, event: ConsoleEvent): void {
    const set = this.listeners.get(sourceId);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch {
        // A broken consumer must not stop the device or the other consumers.
      }
    }
  }

  subscriberCount(sourceId: number): number {
    return this.listeners.get(sourceId)?.size ?? 0;
  }
}
