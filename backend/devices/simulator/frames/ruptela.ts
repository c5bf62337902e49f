/**
 * Ruptela, device side: command 1 record packets, command 15 identification, command 7 answers to
 * SMS-via-GPRS (108) commands; and a parser for what the server sends (`u16 length | command |
 * payload | CRC`): ACKs 100 / 115 and commands.
 */
import { SimulatorProtocolError, uintBytes } from './common.js';

export const RECORDS = 1;
export const IDENTIFICATION = 15;
export const COMMAND_ANSWER = 7;
export const SMS_VIA_GPRS = 108;

/** CRC-16/KERMIT (poly 0x8408 reflected, init 0), as Ruptela sends it: big-endian. */
export function kermit(bytes: Buffer): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return crc;
}

function frame(body: Buffer): Buffer {
  return Buffer.concat([uintBytes(body.length, 2), body, uintBytes(kermit(body), 2)]);
}

/** Device → server: `u16 length | u64 IMEI | command | payload | CRC`. */
export function devicePacket(imei: string, command: number, payload: Buffer): Buffer {
  return frame(Buffer.concat([uintBytes(BigInt(imei), 8), Buffer.from([command]), payload]));
}

/** The server's ACK: `00 02 | 100 (records) or 115 (identification) | 01 | CRC`. */
export function expectedAck(command: number): Buffer {
  return frame(Buffer.from([command === IDENTIFICATION ? 115 : 100, 1]));
}

export interface RuptelaRecord {
  time: Date;
  lat: number;
  lng: number;
  altitude: number; // m
  heading: number;
  satellites: number;
  speed: number; // km/h
  powerMv: number;
  batteryMv: number;
  odometer: number; // m
  ignition: boolean;
}

/** Command 1 payload with one record: GPS, event 7 (periodic), IO: DIN1 (ignition), power, battery, odometer. */
export function recordsPayload(r: RuptelaRecord): Buffer {
  return Buffer.concat([
    Buffer.from([0, 1]), // records left, count
    uintBytes(Math.floor(r.time.getTime() / 1000), 4),
    Buffer.from([0, 0]),
    uintBytes(Math.round(r.lng * 1e7), 4),
    uintBytes(Math.round(r.lat * 1e7), 4),
    uintBytes(Math.max(0, Math.round(r.altitude * 10)), 2),
    uintBytes(Math.round(r.heading * 100), 2),
    Buffer.from([r.satellites]),
    uintBytes(Math.round(r.speed), 2),
    Buffer.from([9, 7]),
    Buffer.from([1, 2, r.ignition ? 1 : 0]), // 1-byte IO: id 2 (DIN1)
    Buffer.from([2, 29]),
    uintBytes(r.powerMv, 2),
    Buffer.from([30]),
    uintBytes(r.batteryMv, 2),
    Buffer.from([1, 65]),
    uintBytes(Math.round(r.odometer), 4),
    Buffer.from([0]),
  ]);
}

export interface ServerPacket {
  command: number;
  payload: Buffer;
  bytes: Buffer;
  crcOk: boolean;
}

export class RuptelaServerStream {
  private buffer = Buffer.alloc(0);

  push(chunk: Buffer): ServerPacket[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const out: ServerPacket[] = [];
    while (this.buffer.length >= 2) {
      const size = this.buffer.readUInt16BE(0) + 4;
      if (size < 5 || size > 4096) throw new SimulatorProtocolError(`server packet of ${size} bytes`);
      if (this.buffer.length < size) break;
      const bytes = Buffer.from(this.buffer.subarray(0, size));
      this.buffer = this.buffer.subarray(size);
      const body = bytes.subarray(2, size - 2);
      out.push({ command: body[0]!, payload: body.subarray(1), bytes, crcOk: kermit(body) === bytes.readUInt16BE(size - 2) });
    }
    return out;
  }
}
