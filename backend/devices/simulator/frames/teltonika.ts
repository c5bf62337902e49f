/**
 * Teltonika, device side: what an FMB-style tracker sends (IMEI handshake, Codec 8 / 8E AVL
 * packets, Codec 12 command responses, the 0xFF keep-alive) and a parser for what the server sends
 * back (handshake answer, 4-byte record-count ACKs, Codec 12 commands). Layouts: docs/device-protocols.md §1.
 */
import { crc16Ibm } from '../../protocols/crc.js';
import { clampInt, SimulatorProtocolError, uintBytes } from './common.js';

export const CODEC8 = 0x08;
export const CODEC8E = 0x8e;
export const CODEC12 = 0x0c;
export const CODEC12_COMMAND = 0x05; // server → device
export const CODEC12_RESPONSE = 0x06; // device → server
export const KEEP_ALIVE = Buffer.from([0xff]);

export type AvlCodec = typeof CODEC8 | typeof CODEC8E;

/** Teltonika IO ids the simulator reports (the same on every model). */
export const IO = {
  ignition: 239,
  movement: 240,
  gsmSignal: 21, // level 0–5
  externalVoltage: 66, // mV
  batteryVoltage: 67, // mV
  odometer: 16, // m, total
  digitalOutput1: 179,
} as const;

/** One IO element: `width` is the value size in bytes (the group it goes in). */
export interface AvlIo {
  id: number;
  width: 1 | 2 | 4 | 8;
  value: number | bigint;
}

/** A variable-length IO element (Codec 8E NX group only). */
export interface AvlNxIo {
  id: number;
  bytes: Buffer;
}

export interface AvlRecord {
  time: Date; // sent as ms since epoch
  priority: 0 | 1 | 2; // low, high, panic
  lat: number; // degrees
  lng: number; // degrees
  altitude: number; // m
  heading: number; // degrees
  satellites: number; // 0 = no fix
  speed: number; // km/h
  eventId: number; // the IO id that triggered the record, 0 = periodic
  io: AvlIo[];
  nx?: AvlNxIo[]; // Codec 8E only
}

/** `u16 length` + ASCII IMEI, the first thing a device sends on a new connection. */
export function buildImeiHandshake(imei: string): Buffer {
  const ascii = Buffer.from(imei, 'latin1');
  return Buffer.concat([uintBytes(ascii.length, 2), ascii]);
}

function avlRecord(record: AvlRecord, codec: AvlCodec): Buffer {
  const wide = codec === CODEC8E; // u16 event id, counts and ids
  const idWidth = wide ? 2 : 1;
  const head = Buffer.alloc(24);
  head.writeBigInt64BE(BigInt(record.time.getTime()), 0);
  head.writeUInt8(record.priority, 8);
  head.writeInt32BE(Math.round(record.lng * 1e7), 9); // longitude first
  head.writeInt32BE(Math.round(record.lat * 1e7), 13);
  head.writeInt16BE(clampInt(record.altitude, -32768, 32767), 17);
  head.writeUInt16BE(clampInt(record.heading, 0, 359), 19);
  head.writeUInt8(clampInt(record.satellites, 0, 255), 21);
  head.writeUInt16BE(clampInt(record.speed, 0, 65535), 22);
  const parts: Buffer[] = [head, uintBytes(record.eventId, idWidth), uintBytes(record.io.length + (wide ? (record.nx?.length ?? 0) : 0), idWidth)];
  for (const width of [1, 2, 4, 8] as const) {
    const group = record.io.filter((io) => io.width === width);
    parts.push(uintBytes(group.length, idWidth));
    for (const io of group) parts.push(uintBytes(io.id, idWidth), uintBytes(io.value, width));
  }
  if (wide) {
    const nx = record.nx ?? [];
    parts.push(uintBytes(nx.length, 2));
    for (const io of nx) parts.push(uintBytes(io.id, 2), uintBytes(io.bytes.length, 2), io.bytes);
  } else if (record.nx?.length) {
    throw new RangeError('variable-length IO elements need Codec 8E');
  }
  return Buffer.concat(parts);
}

/** `00000000 | u32 dataLength | codec | data | u32 (0000 + CRC-16/IBM over codec..data end)`. */
function wrapPacket(data: Buffer): Buffer {
  return Buffer.concat([Buffer.alloc(4), uintBytes(data.length, 4), data, uintBytes(crc16Ibm(data), 4)]);
}

/** An AVL data packet: `00000000 | len | codec | N1 | records | N2 | CRC`, 1–255 records. */
export function buildAvlPacket(records: AvlRecord[], codec: AvlCodec = CODEC8): Buffer {
  if (records.length < 1 || records.length > 255) throw new RangeError('an AVL packet carries 1–255 records');
  const count = uintBytes(records.length, 1);
  return wrapPacket(Buffer.concat([Buffer.from([codec]), count, ...records.map((r) => avlRecord(r, codec)), count]));
}

/** Codec 12: `0C | N | (type, u32 length, bytes) × N | N`, wrapped like an AVL packet. */
export function buildCodec12(type: number, payloads: Buffer[]): Buffer {
  const count = uintBytes(payloads.length, 1);
  const body = payloads.flatMap((p) => [Buffer.from([type]), uintBytes(p.length, 4), p]);
  return wrapPacket(Buffer.concat([Buffer.from([CODEC12]), count, ...body, count]));
}

/** The device's answer to a Codec 12 command (type 0x06); the server sends no ACK for it. */
export function buildCodec12Response(response: string | Buffer): Buffer {
  return buildCodec12(CODEC12_RESPONSE, [typeof response === 'string' ? Buffer.from(response, 'latin1') : response]);
}

// ---- what the server sends ------------------------------------------------------------------

/** The handshake answer the spec requires for a known IMEI (`00` rejects). */
export const HANDSHAKE_ACCEPT = Buffer.from([0x01]);
export const HANDSHAKE_REJECT = Buffer.from([0x00]);

/** The ACK the server must send for an AVL packet: the record count N1, u32 big-endian. */
export function expectedAvlAck(records: number): Buffer {
  return uintBytes(records, 4);
}

export interface Codec12Message {
  type: number; // 0x05 command, 0x06 response
  payloads: Buffer[];
  crcOk: boolean;
}

/** Parses a whole Codec 12 packet (as sent by either side). Throws on a wrong layout. */
export function parseCodec12(packet: Buffer): Codec12Message {
  if (packet.length < 12 + 8 || packet.readUInt32BE(0) !== 0) throw new SimulatorProtocolError('not a Codec 12 packet');
  const dataLength = packet.readUInt32BE(4);
  if (dataLength + 12 !== packet.length) throw new SimulatorProtocolError(`Codec 12 length ${dataLength} does not fit ${packet.length} bytes`);
  const data = packet.subarray(8, 8 + dataLength);
  if (data[0] !== CODEC12) throw new SimulatorProtocolError(`codec 0x${data[0]!.toString(16)} is not Codec 12`);
  const count = data[1]!;
  const payloads: Buffer[] = [];
  let type = -1;
  let at = 2;
  for (let i = 0; i < count; i++) {
    if (at + 5 > data.length) throw new SimulatorProtocolError('Codec 12 packet too short');
    type = data[at]!;
    const length = data.readUInt32BE(at + 1);
    if (at + 5 + length > data.length) throw new SimulatorProtocolError('Codec 12 command runs past the packet');
    payloads.push(Buffer.from(data.subarray(at + 5, at + 5 + length)));
    at += 5 + length;
  }
  if (at !== data.length - 1 || data[at] !== count) throw new SimulatorProtocolError('Codec 12 second count missing or wrong');
  return { type, payloads, crcOk: packet.readUInt32BE(8 + dataLength) === crc16Ibm(data) };
}

export type TeltonikaServerFrame =
  | { kind: 'handshake'; bytes: Buffer } // 1 byte: 01 accept, 00 reject
  | { kind: 'ack'; bytes: Buffer; count: number } // 4 bytes, non-zero
  | { kind: 'codec12'; bytes: Buffer }; // a whole packet

const MAX_PACKET = 64 * 1024;

/**
 * Cuts what the server sends on one connection: a 1-byte handshake answer first, then 4-byte
 * record counts and Codec 12 packets. A count is never 0 (a device never sends an empty packet),
 * so four zero bytes at a frame start are the preamble of a packet.
 */
export class TeltonikaServerStream {
  private buffer: Buffer = Buffer.alloc(0);
  private awaitingHandshake = true;

  push(chunk: Buffer): TeltonikaServerFrame[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: TeltonikaServerFrame[] = [];
    for (;;) {
      const buf = this.buffer;
      if (buf.length === 0) break;
      let frame: TeltonikaServerFrame;
      let size: number;
      if (this.awaitingHandshake) {
        size = 1;
        frame = { kind: 'handshake', bytes: Buffer.from(buf.subarray(0, 1)) };
        this.awaitingHandshake = false;
      } else {
        if (buf.length < 4) break;
        const count = buf.readUInt32BE(0);
        if (count !== 0) {
          size = 4;
          frame = { kind: 'ack', bytes: Buffer.from(buf.subarray(0, 4)), count };
        } else {
          if (buf.length < 8) break;
          size = buf.readUInt32BE(4) + 12;
          if (size > MAX_PACKET) throw new SimulatorProtocolError(`server packet of ${size} bytes`);
          if (buf.length < size) break;
          frame = { kind: 'codec12', bytes: Buffer.from(buf.subarray(0, size)) };
        }
      }
      frames.push(frame);
      this.buffer = buf.subarray(size);
    }
    return frames;
  }
}
