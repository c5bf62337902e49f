import { CONSOLE_COMMAND_MAX, type ConsoleEvent } from '../../shared/bridge';
import { consoleCloseWords } from '../../shared/console-protocol';
import type { Api } from '../api/client';
import type { ConsoleConnection, Transport } from '../transport/transport';
import { deviceConnectionIn } from './format';

export type ConsolePhase = 'idle' | 'connecting' | 'open' | 'closed';

export interface ConsoleCallbacks {
  phase(phase: ConsolePhase, words?: string): void;
  /** Output messages with their arrival time, a batch at a time. */
  output(lines: { msg: string; at: Date }[]): void;
  /** [name, value] pairs to upsert into the status grid. */
  status(pairs: [string, string][]): void;
  /** The device connected or went offline (from the gateway's output lines). */
  device?(state: 'online' | 'offline'): void;
}

export interface ConsoleTracker {
  id: number;
  device_id: string;
  dealer_id: number;
}

/**
 * One live-console session (client side): asks tracker/console/connect for a key, opens the
 * console through the transport, and turns its events into output lines, status pairs and
 * phases with words. Knows nothing about xterm or React.
 */
export class ConsoleSession {
  private connection: ConsoleConnection | null = null;
  private opened = false;
  private current: ConsolePhase = 'idle';
  private generation = 0;

  constructor(
    private readonly api: Api,
    private readonly transport: Transport,
    private readonly tracker: ConsoleTracker,
    private readonly callbacks: ConsoleCallbacks,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get phase(): ConsolePhase {
    return this.current;
  }

  private setPhase(phase: ConsolePhase, words?: string): void {
    this.current = phase;
    this.callbacks.phase(phase, words);
  }

  async connect(): Promise<void> {
    this.disconnect();
    const generation = ++this.generation;
    this.opened = false;
    this.setPhase('connecting');
    let key: string;
    let timestamp: number;
    try {
      ({ key, timestamp } = await this.api.call('tracker/console/connect', { tracker_id: this.tracker.id }));
    } catch (error) {
      if (generation === this.generation) this.setPhase('closed', `Could not open the console: ${(error as Error).message}`);
      return;
    }
    if (generation !== this.generation) return;
    this.connection = this.transport.openConsole({ device_id: this.tracker.device_id, key, timestamp, dealer_id: this.tracker.dealer_id }, (events) => {
      if (generation === this.generation) this.handle(events);
    });
  }

  private handle(events: ConsoleEvent[]): void {
    const lines: { msg: string; at: Date }[] = [];
    const at = this.now();
    const flush = () => {
      if (lines.length) this.callbacks.output(lines.splice(0));
    };
    for (const event of events) {
      switch (event.type) {
        case 'output': {
          lines.push({ msg: event.msg, at });
          const device = deviceConnectionIn(event.msg);
          if (device) {
            flush();
            this.callbacks.device?.(device);
          }
          break;
        }
        case 'status':
          flush();
          this.callbacks.status(event.data);
          break;
        case 'open':
          this.opened = true;
          this.setPhase('open');
          break;
        case 'closed':
          flush();
          this.connection = null;
          this.setPhase('closed', consoleCloseWords(event.code, event.reason, this.opened));
          break;
        case 'error':
          flush();
          if (!this.opened) this.setPhase('closed', `Could not connect to the console: ${event.message}`);
          break;
      }
    }
    flush();
  }

  /** Sends one command; returns words saying why it was not sent, or null. */
  send(command: string): string | null {
    const text = command.trim();
    if (!text) return 'Type a command first';
    if (text.length > CONSOLE_COMMAND_MAX) return `A command is at most ${CONSOLE_COMMAND_MAX} characters`;
    if (!this.connection || this.current !== 'open') return 'The console is not connected';
    this.connection.send(text);
    return null;
  }

  disconnect(): void {
    this.generation++;
    this.connection?.close();
    this.connection = null;
    if (this.current === 'open' || this.current === 'connecting') this.setPhase('closed', 'Console session ended.');
  }
}
