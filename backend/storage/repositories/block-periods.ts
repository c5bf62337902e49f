import type { BlockPeriod } from '../../billing/blocked-days.js';
import type { Queries, Tx } from '../store.js';

/**
 * Records that a source became blocked (`blocked` true) or unblocked at `at` (UTC
 * `YYYY-MM-DD HH:MM:SS`), inside the transaction that changes sources.blocked. Call it only when
 * the flag changes. The history stays ordered whatever the stamps: a stamp before the source's last
 * recorded change is moved up to it (the daily run stamps the day it bills, which a catch-up may
 * reach after a later change by the dealer). A block that starts when the previous one ended
 * continues it.
 */
export async function recordBlockChange(tx: Tx, sourceId: number, blocked: boolean, at: string): Promise<void> {
  const open = await tx.get<{ blocked_from: string }>('SELECT blocked_from FROM source_block_periods WHERE source_id = ? AND blocked_until IS NULL', [
    sourceId,
  ]);
  if (!blocked) {
    if (!open) return; // blocked before the history was kept (a dealer's block older than migration 021)
    const until = at > open.blocked_from ? at : open.blocked_from;
    await tx.run('UPDATE source_block_periods SET blocked_until = ? WHERE source_id = ? AND blocked_from = ?', [until, sourceId, open.blocked_from]);
    return;
  }
  if (open) return;
  const latest = await tx.get<{ until: string | null }>('SELECT max(blocked_until) AS until FROM source_block_periods WHERE source_id = ?', [sourceId]);
  const from = latest?.until && latest.until > at ? latest.until : at;
  const touching = await tx.run('UPDATE source_block_periods SET blocked_until = NULL WHERE source_id = ? AND blocked_until = ?', [sourceId, from]);
  if (touching.changes > 0) return;
  await tx.run('INSERT INTO source_block_periods (source_id, blocked_from, blocked_until) VALUES (?, ?, NULL)', [sourceId, from]);
}

/** The dealer's sources' block periods that were still running at `since` or began later, by source id. */
export async function blockPeriodsSince(db: Queries, dealerId: number, since: string): Promise<Map<number, BlockPeriod[]>> {
  const rows = await db.all<{ source_id: number; blocked_from: string; blocked_until: string | null }>(
    `SELECT p.source_id, p.blocked_from, p.blocked_until FROM source_block_periods p JOIN sources s ON s.id = p.source_id
     WHERE s.dealer_id = ? AND (p.blocked_until IS NULL OR p.blocked_until > ?) ORDER BY p.source_id, p.blocked_from`,
    [dealerId, since],
  );
  const bySource = new Map<number, BlockPeriod[]>();
  for (const r of rows) {
    const list = bySource.get(r.source_id) ?? [];
    list.push({ from: r.blocked_from, until: r.blocked_until });
    bySource.set(r.source_id, list);
  }
  return bySource;
}
