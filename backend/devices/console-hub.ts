/** What the live console shows: decoded status pairs, and raw traffic / command replies as text lines. */
export type ConsoleEvent = { type: 'status'; data: [string, string][] } | { type: 'output'; msg: string };

export type ConsoleListener = (event: ConsoleEvent) => void;

/** An open console (a WebSocket on /console) as the hub knows it, so rights changes can end it. */
export interface OpenConsole {
  sourceId: number;
  /** Re-checks the console's session, rights and tracker; closes it (saying why) when one is gone. */
  recheck(): void;
  /** Closes it with a status line `console closed: <reason>`. */
  close(reason: string): void;
}

/**
 * The console tap: the gateway publishes per source; consumers (the WebSocket endpoint, Electron
 * IPC) subscribe and must call the unsubscribe function they get back.
 */
export class ConsoleHub {
  private readonly listeners = new Map<number, Set<ConsoleListener>>();
  private readonly consoles = new Set<OpenConsole>();

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

  /** Registers an open console; call the function it returns when the console closes. */
  track(open: OpenConsole): () => void {
    this.consoles.add(open);
    return () => {
      this.consoles.delete(open);
    };
  }

  /**
   * Re-checks every open console (after a logout, a block, a password or permission change, or a
   * tracker moved, blocked or corrupted): those whose right has ended close, saying why.
   */
  recheckConsoles(): void {
    for (const open of [...this.consoles]) {
      try {
        open.recheck();
      } catch {
        // One broken console must not keep the others open.
      }
    }
  }

  /** Closes every open console of a source with `console closed: <reason>` (e.g. the gateway dropping it). */
  closeConsoles(sourceId: number, reason: string): void {
    for (const open of [...this.consoles]) {
      if (open.sourceId !== sourceId) continue;
      try {
        open.close(reason);
      } catch {
        // As above.
      }
    }
  }

  openConsoleCount(): number {
    return this.consoles.size;
  }
}
