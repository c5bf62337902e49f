import { utcDateTime, type Clock } from '../../../shared/clock.js';
import type { Store } from '../store.js';
import { bool, flag } from './sql-helpers.js';

export type CommandStatus = 'pending' | 'sent' | 'answered';

/** A command to a device as the repository hands it out. */
export interface CommandRow {
  id: number;
  dealer_id: number;
  source_id: number;
  command: string;
  type: 'text' | 'hex';
  reliable: boolean;
  status: CommandStatus;
  created_at: string;
  sent_at: string | null;
  answered_at: string | null;
  reply: string | null;
}

type StoredCommand = Omit<CommandRow, 'reliable'> & { reliable: number };

const commandRow = (row: StoredCommand): CommandRow => ({ ...row, reliable: bool(row.reliable) });

/**
 * Commands to devices. A reliable command stays open (pending or sent) until the device answers;
 * an unreliable one is recorded as sent and never retried.
 */
export class DeviceCommands {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Records a command; `sent` when it goes out now. Durable when the promise resolves. */
  add(dealerId: number, sourceId: number, command: string, type: 'text' | 'hex', reliable: boolean, sent: boolean): Promise<number> {
    const now = utcDateTime(this.clock.now());
    return this.store.transaction((tx) =>
      tx.insert('INSERT INTO device_commands (dealer_id, source_id, command, type, reliable, status, created_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        dealerId,
        sourceId,
        command,
        type,
        flag(reliable),
        sent ? 'sent' : 'pending',
        now,
        sent ? now : null,
      ]),
    );
  }

  /** Reliable commands still waiting for an answer, oldest first: what a (re)connecting device gets. */
  async open(sourceId: number): Promise<CommandRow[]> {
    const rows = await this.store.all<StoredCommand>(
      "SELECT * FROM device_commands WHERE source_id = ? AND reliable = 1 AND status IN ('pending', 'sent') ORDER BY id",
      [sourceId],
    );
    return rows.map(commandRow);
  }

  async markSent(ids: readonly number[]): Promise<void> {
    if (!ids.length) return;
    const now = utcDateTime(this.clock.now());
    await this.store.transaction(async (tx) => {
      for (const id of ids) await tx.run("UPDATE device_commands SET status = 'sent', sent_at = ? WHERE id = ?", [now, id]);
    });
  }

  /**
   * Files a device's reply against the command it answers: the one whose id the device echoed
   * (`ref`, GT06 server flag), else the oldest command sent and not yet answered. Undefined (and
   * nothing written) when no sent command is waiting.
   */
  answer(sourceId: number, reply: string, ref?: number): Promise<CommandRow | undefined> {
    const now = utcDateTime(this.clock.now());
    return this.store.transaction(async (tx) => {
      const byRef =
        ref === undefined
          ? undefined
          : await tx.get<StoredCommand>("SELECT * FROM device_commands WHERE id = ? AND source_id = ? AND status = 'sent'", [ref, sourceId]);
      const target =
        byRef ?? (await tx.get<StoredCommand>("SELECT * FROM device_commands WHERE source_id = ? AND status = 'sent' ORDER BY id LIMIT 1", [sourceId]));
      if (!target) return undefined;
      await tx.run("UPDATE device_commands SET status = 'answered', answered_at = ?, reply = ? WHERE id = ?", [now, reply, target.id]);
      return { ...commandRow(target), status: 'answered', answered_at: now, reply };
    });
  }

  /** The source's latest commands, newest first. */
  async recent(sourceId: number, limit: number): Promise<CommandRow[]> {
    return (await this.store.all<StoredCommand>('SELECT * FROM device_commands WHERE source_id = ? ORDER BY id DESC LIMIT ?', [sourceId, limit])).map(
      commandRow,
    );
  }
}
