import { utcDateTime } from '../../shared/clock.js';
import type { Backend } from '../backend.js';

export interface CommandRow {
  id: number;
  dealer_id: number;
  source_id: number;
  command: string;
  type: 'text' | 'hex';
  reliable: number;
  status: 'pending' | 'sent' | 'answered';
  created_at: string;
  sent_at: string | null;
  answered_at: string | null;
  reply: string | null;
}

/**
 * Commands to devices, kept in the database. A reliable command stays open (pending or sent)
 * until the device answers, and is sent again each time the device connects; an unreliable one is
 * recorded as sent and never retried.
 */
export class CommandQueue {
  constructor(private readonly backend: Backend) {}

  private now(): string {
    return utcDateTime(this.backend.clock.now());
  }

  /** Records a command; `sent` when it goes out now. Durable when the promise resolves. */
  add(dealerId: number, sourceId: number, command: string, type: 'text' | 'hex', reliable: boolean, sent: boolean): Promise<number> {
    const now = this.now();
    return this.backend.store.write(
      (tx) =>
        tx.run(
          `INSERT INTO device_commands (dealer_id, source_id, command, type, reliable, status, created_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          [dealerId, sourceId, command, type, reliable ? 1 : 0, sent ? 'sent' : 'pending', now, sent ? now : null],
        ).lastInsertRowid,
    );
  }

  /** Reliable commands still waiting for an answer, oldest first: what a (re)connecting device gets. */
  open(sourceId: number): CommandRow[] {
    return this.backend.store.all<CommandRow>(
      "SELECT * FROM device_commands WHERE source_id = ? AND reliable = 1 AND status IN ('pending', 'sent') ORDER BY id",
      [sourceId],
    );
  }

  async markSent(ids: number[]): Promise<void> {
    if (!ids.length) return;
    const now = this.now();
    await this.backend.store.write((tx) => {
      for (const id of ids) tx.run("UPDATE device_commands SET status = 'sent', sent_at = ? WHERE id = ?", [now, id]);
    });
  }

  /**
   * Files a device's reply against the command it answers: the one whose id the device echoed
   * (`ref`, GT06 server flag), else the oldest command sent and not yet answered.
   */
  async answer(sourceId: number, reply: string, ref?: number): Promise<CommandRow | undefined> {
    const byRef = ref === undefined ? undefined : this.backend.store.get<CommandRow>("SELECT * FROM device_commands WHERE id = ? AND source_id = ? AND status = 'sent'", [ref, sourceId]);
    const target =
      byRef ?? this.backend.store.get<CommandRow>("SELECT * FROM device_commands WHERE source_id = ? AND status = 'sent' ORDER BY id LIMIT 1", [sourceId]);
    if (!target) return undefined;
    const now = this.now();
    await this.backend.store.write((tx) =>
      tx.run("UPDATE device_commands SET status = 'answered', answered_at = ?, reply = ? WHERE id = ?", [now, reply, target.id]),
    );
    return { ...target, status: 'answered', answered_at: now, reply };
  }

  recent(sourceId: number, limit: number): CommandRow[] {
    return this.backend.store.all<CommandRow>('SELECT * FROM device_commands WHERE source_id = ? ORDER BY id DESC LIMIT ?', [sourceId, limit]);
  }
}
