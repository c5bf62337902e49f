import { closeSync, existsSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { clearFaults, injectFault } from './fault-injection.js';
import { encodeRecord, JournalWriter, readJournal, truncateFile, type JournalRecord } from './journal.js';
import { removeTempFolders, tempFolder } from './test-support/store-fixtures.js';

afterEach(() => {
  clearFaults();
  removeTempFolders();
});

const record = (seq: number, value: string | number | null = `v${seq}`): JournalRecord => ({
  seq,
  statements: [['INSERT INTO items (id, name) VALUES (?, ?)', [seq, value]]],
});

function journalWith(records: JournalRecord[]): string {
  const path = join(tempFolder(), 'journal-000000000001.log');
  writeFileSync(path, Buffer.concat(records.map(encodeRecord)));
  return path;
}

describe('record format', () => {
  it('reads back what was encoded, with offsets, exactly', () => {
    const records = [record(1, 'Grüße, 東京 🚚'), record(2, null), record(3, 0.1 + 0.2), record(4, -17)];
    const path = journalWith(records);
    const { records: read, validBytes, totalBytes } = readJournal(path);
    expect(read.map(({ seq, statements }) => ({ seq, statements }))).toEqual(records);
    expect(read.map((r) => r.offset)).toEqual([0, 1, 2, 3].map((i) => records.slice(0, i).reduce((n, r) => n + encodeRecord(r).length, 0)));
    expect(validBytes).toBe(totalBytes);
  });

  it('lays a record out as length, CRC-32, JSON', () => {
    const bytes = encodeRecord(record(7));
    const payload = bytes.subarray(8);
    expect(bytes.readUInt32LE(0)).toBe(payload.length);
    expect(JSON.parse(payload.toString('utf8'))).toEqual({ s: 7, q: record(7).statements });
  });

  it('stops at a torn header, a torn payload, a bad CRC or a payload that is not JSON', () => {
    const whole = Buffer.concat([record(1), record(2)].map(encodeRecord));
    const first = encodeRecord(record(1)).length;
    const cases: [string, Buffer][] = [
      ['3 header bytes', Buffer.concat([whole, Buffer.from([9, 0, 0])])],
      ['header and half a payload', whole.subarray(0, whole.length - 4)],
      ['a flipped payload byte', Buffer.from(whole.map((b, i) => (i === whole.length - 2 ? b ^ 0x40 : b)))],
      ['a length running past the end', Buffer.concat([whole.subarray(0, first), Buffer.from([0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0])])],
    ];
    for (const [what, bytes] of cases) {
      const path = join(tempFolder(), 'journal.log');
      writeFileSync(path, bytes);
      const { records, validBytes, totalBytes } = readJournal(path);
      const kept = what === '3 header bytes' ? 2 : 1;
      expect(
        records.map((r) => r.seq),
        what,
      ).toEqual(kept === 2 ? [1, 2] : [1]);
      expect(validBytes, what).toBe(kept === 2 ? whole.length : first);
      expect(totalBytes, what).toBe(bytes.length);
    }

    // A CRC that matches bytes which are not JSON (a bug, not a tear) still ends the journal.
    const garbage = Buffer.from('not json', 'utf8');
    const header = Buffer.alloc(8);
    header.writeUInt32LE(garbage.length, 0);
    header.writeUInt32LE(crc32(garbage), 4);
    const path = join(tempFolder(), 'journal.log');
    writeFileSync(path, Buffer.concat([encodeRecord(record(1)), header, garbage]));
    expect(readJournal(path).records.map((r) => r.seq)).toEqual([1]);
  });

  it('truncateFile cuts the file to the given length', () => {
    const path = journalWith([record(1), record(2)]);
    const first = encodeRecord(record(1)).length;
    truncateFile(path, first);
    expect(statSync(path).size).toBe(first);
    expect(readJournal(path).records.map((r) => r.seq)).toEqual([1]);
  });
});

describe('JournalWriter', () => {
  it('appends concurrent records in order and resolves each once it is on disk', async () => {
    const path = join(tempFolder(), 'journal-000000000001.log');
    const writer = JournalWriter.openAppend(path);
    const sizeAtResolve: number[] = [];
    await Promise.all(Array.from({ length: 100 }, (_, i) => writer.append(record(i + 1)).then(() => sizeAtResolve.push(statSync(path).size))));
    const { records, totalBytes } = readJournal(path);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(writer.bytesInFile).toBe(totalBytes);
    // Group commit: the records share a few write+fdatasync rounds instead of one each.
    expect(new Set(sizeAtResolve).size).toBeLessThan(10);
    expect(sizeAtResolve).toEqual([...sizeAtResolve].sort((a, b) => a - b));
    await writer.close();
  });

  it('counts the bytes already in a reopened file', async () => {
    const path = journalWith([record(1), record(2)]);
    const writer = JournalWriter.openAppend(path);
    expect(writer.bytesInFile).toBe(statSync(path).size);
    await writer.append(record(3));
    expect(writer.bytesInFile).toBe(statSync(path).size);
    expect(readJournal(path).records.map((r) => r.seq)).toEqual([1, 2, 3]);
    await writer.close();
  });

  it('switchTo sends every record appended after the call to the new file', async () => {
    const dir = tempFolder();
    const oldPath = join(dir, 'journal-000000000001.log');
    const newPath = join(dir, 'journal-000000000004.log');
    const writer = JournalWriter.openAppend(oldPath);
    const before = [1, 2, 3].map((seq) => writer.append(record(seq)));
    const switched = writer.switchTo(newPath);
    const after = [4, 5].map((seq) => writer.append(record(seq)));
    await Promise.all([...before, switched, ...after]);
    expect(readJournal(oldPath).records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(readJournal(newPath).records.map((r) => r.seq)).toEqual([4, 5]);
    expect(writer.bytesInFile).toBe(statSync(newPath).size);
    await writer.close();
  });

  it('after a failed write refuses every later record', async () => {
    const path = journalWith([]);
    const readOnly = openSync(path, 'r');
    const writer = new JournalWriter(readOnly);
    await expect(writer.append(record(1))).rejects.toThrow();
    expect(writer.failed).toBeInstanceOf(Error);
    await expect(writer.append(record(2))).rejects.toBe(writer.failed);
    await writer.idle();
    closeSync(readOnly);
  });

  it('idle waits for everything appended so far', async () => {
    const path = journalWith([]);
    const writer = JournalWriter.openAppend(path);
    for (let seq = 1; seq <= 20; seq++) void writer.append(record(seq));
    await writer.idle();
    expect(readJournal(path).records).toHaveLength(20);
    await writer.close();
    expect(readFileSync(path).length).toBe(writer.bytesInFile);
  });
});

describe('JournalWriter: a failed write or fdatasync', () => {
  const seqs = (path: string) => readJournal(path).records.map((r) => r.seq);

  it('refuses the batch and everything queued behind it, cuts the torn tail, and appends again after recover()', async () => {
    const path = join(tempFolder(), 'journal-000000000001.log');
    const settled: string[] = [];
    const writer = JournalWriter.openAppend(path, { onFailure: (error) => settled.push(`onFailure ${(error as NodeJS.ErrnoException).code}`) });
    await writer.append(record(1));
    const good = statSync(path).size;
    expect(writer.goodBytes).toBe(good);
    expect(writer.durableSeq).toBe(1);

    // Record 2 is written whole, then fdatasync fails: its bytes reached the file, never the disk.
    injectFault('journal', 'EIO', 1, 'fdatasync');
    const second = writer.append(record(2)).catch((error: NodeJS.ErrnoException) => settled.push(`2 ${error.code}`));
    // Appended while record 2 is in flight: a batch of its own, refused with it.
    const third = writer.append(record(3)).catch((error: NodeJS.ErrnoException) => settled.push(`3 ${error.code}`));
    await Promise.all([second, third]);
    // The listener hears of it before any caller does (so a retry finds the store refusing).
    expect(settled).toEqual(['onFailure EIO', '2 EIO', '3 EIO']);
    expect(statSync(path).size).toBe(good); // the torn tail is cut at once
    expect(writer.durableSeq).toBe(1);
    expect(writer.failed).toBeDefined();
    await expect(writer.append(record(4))).rejects.toBe(writer.failed);

    writer.recover();
    expect(writer.failed).toBeUndefined();
    await writer.append(record(2));
    expect(seqs(path)).toEqual([1, 2]);
    expect(writer.durableSeq).toBe(2);
    await writer.close();
  });

  it('a torn tail that cannot be cut at once is cut by recover() before anything else is appended', async () => {
    const path = join(tempFolder(), 'journal-000000000001.log');
    const writer = JournalWriter.openAppend(path);
    await writer.append(record(1));
    const good = statSync(path).size;
    injectFault('journal', 'EIO', 1, 'fdatasync');
    injectFault('journal', 'EIO', 1, 'ftruncate'); // the immediate cut fails too
    await expect(writer.append(record(2))).rejects.toMatchObject({ code: 'EIO' });
    expect(statSync(path).size).toBeGreaterThan(good);
    injectFault('journal', 'EROFS', 1, 'ftruncate');
    expect(() => writer.recover()).toThrow(/EROFS/);
    expect(writer.failed).toBeDefined();
    writer.recover();
    expect(statSync(path).size).toBe(good);
    await writer.append(record(2));
    expect(seqs(path)).toEqual([1, 2]);
    await writer.close();
  });

  it('abandons a switch queued behind a failed append: the new file is removed, the old one stays in use', async () => {
    const dir = tempFolder();
    const oldPath = join(dir, 'journal-000000000001.log');
    const newPath = join(dir, 'journal-000000000003.log');
    const writer = JournalWriter.openAppend(oldPath);
    await writer.append(record(1));
    injectFault('journal', 'ENOSPC');
    const failed = writer.append(record(2)).catch((error: NodeJS.ErrnoException) => error.code);
    const switched = writer.switchTo(newPath);
    expect(await failed).toBe('ENOSPC');
    expect(await switched).toBe(false);
    expect(existsSync(newPath)).toBe(false);
    writer.recover();
    await writer.append(record(2));
    expect(seqs(oldPath)).toEqual([1, 2]);
    await writer.close();
  });

  it('appendSync throws on a failed write or fdatasync and leaves no bytes of that record', async () => {
    const path = join(tempFolder(), 'journal-000000000001.log');
    const writer = JournalWriter.openAppend(path);
    writer.appendSync(record(1));
    const good = statSync(path).size;
    for (const syscall of ['write', 'fdatasync']) {
      injectFault('journal', 'ENOSPC', 1, syscall);
      expect(() => writer.appendSync(record(2)), syscall).toThrow(/ENOSPC/);
      expect(statSync(path).size, syscall).toBe(good);
    }
    writer.appendSync(record(2));
    expect(seqs(path)).toEqual([1, 2]);
    expect(writer.durableSeq).toBe(2);
    await writer.close();
  });
});
