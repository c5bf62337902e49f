import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * The block format shared by the write-ahead log and the history files:
 * u32 LE payload length | u32 LE CRC-32 of the payload | payload = deflated JSON array.
 */
export const HEADER = 8;
/** The longest block accepted when reading or recovering, bytes; writers stay far below it. */
export const MAX_BLOCK = 32 * 1024 * 1024;
/** Writers cut batches at about this much JSON text, so a block stays well under MAX_BLOCK. */
export const BATCH_TEXT_BYTES = 4 * 1024 * 1024;

/** Many records' JSON texts as one JSON array, deflated, framed. */
export function encodeBlock(jsonTexts: string[]): Buffer {
  const payload = deflateRawSync(Buffer.from(`[${jsonTexts.join(',')}]`, 'utf8'), { level: 1 });
  const header = Buffer.alloc(HEADER);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

/**
 * The items of the block at `offset` and its end, or undefined when no whole, valid block starts
 * there (too short, length out of bounds, CRC mismatch, not a deflated JSON array).
 */
export function decodeBlockAt<T>(data: Buffer, offset: number): { items: T[]; end: number } | undefined {
  if (offset + HEADER > data.length) return undefined;
  const length = data.readUInt32LE(offset);
  if (length === 0 || length > MAX_BLOCK) return undefined;
  const end = offset + HEADER + length;
  if (end > data.length) return undefined;
  const payload = data.subarray(offset + HEADER, end);
  if (crc32(payload) !== data.readUInt32LE(offset + 4)) return undefined;
  try {
    const items = JSON.parse(inflateRawSync(payload).toString('utf8')) as unknown;
    return Array.isArray(items) ? { items: items as T[], end } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every valid block of a buffer, also those after a torn or corrupt one: where no valid block
 * starts, the scan moves on one byte at a time until a header whose length fits and whose CRC
 * matches (a write-ahead log can hold a failed write's tail followed by later, acknowledged blocks).
 */
export function scanAllBlocks<T>(data: Buffer): { items: T[]; skippedBytes: number } {
  const items: T[] = [];
  let offset = 0;
  let skippedBytes = 0;
  while (offset + HEADER <= data.length) {
    const block = decodeBlockAt<T>(data, offset);
    if (block) {
      for (const item of block.items) items.push(item);
      offset = block.end;
    } else {
      offset += 1;
      skippedBytes += 1;
    }
  }
  return { items, skippedBytes: skippedBytes + (data.length - offset) };
}
