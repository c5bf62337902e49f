/**
 * The contract between a simulated device (socket, timing, ACK bookkeeping) and the firmware of
 * one protocol (which frames to send, which ACK each must get back, how to answer commands).
 */
import type { ProtocolName } from '../../protocols/types.js';
import type { Motion } from '../route.js';

/** Everything the device knows at one instant: where it is, and its hardware readings. */
export interface Snapshot extends Motion {
  time: Date; // UTC fix time
  valid: boolean; // GPS fix
  satellites: number;
  gsm: number; // signal, % 0–100
  powerMv: number; // external supply, mV
  batteryMv: number; // backup battery, mV
  batteryPercent: number;
  cell: { mcc: number; mnc: number; lac: number; cid: number };
}

export type OutgoingKind = 'login' | 'position' | 'heartbeat' | 'reply';

/** ok: exactly what the spec requires; rejected: a valid "go away" (Teltonika `00`). */
export type AckVerdict = 'ok' | 'mismatch' | 'rejected';

export interface AckExpectation {
  /** What the spec requires, for logs: hex bytes or a text pattern. */
  readonly expected: string;
  check(ack: Buffer): AckVerdict;
}

/** One frame the device sends, and the ACK it waits for (none: nothing comes back). */
export interface Outgoing {
  kind: OutgoingKind;
  bytes: Buffer;
  records: number; // positions in the frame
  ack?: AckExpectation;
}

/** A command as received from the server. */
export interface ReceivedCommand {
  text?: string; // the command when printable (`setdigout 1`, `RELAY,1#`, `S20,1,1`)
  hex?: string; // the command bytes when not printable
  ref?: number; // GT06 server flag, echoed in the reply
  time?: string; // H02: the server's HHmmss, echoed in the reply
  frame: Buffer; // the whole frame as received
}

export interface CommandAnswer {
  text: string; // what the firmware answers (as the server will decode it)
  reply: Outgoing;
}

export type ServerInput = { kind: 'ack'; bytes: Buffer } | { kind: 'command'; command: ReceivedCommand } | { kind: 'ignored'; bytes: Buffer; reason: string };

/** Cuts what the server sends on one connection. Throws `SimulatorProtocolError` on garbage. */
export interface ServerParser {
  push(chunk: Buffer): ServerInput[];
}

export interface Firmware {
  readonly protocol: ProtocolName;
  readonly imei: string;
  /** Most positions one frame carries (Teltonika packs several records into one packet). */
  readonly maxRecordsPerFrame: number;
  /** The first frame on a connection; undefined when the protocol has none (H02). */
  login(): Outgoing | undefined;
  /** One frame with the first `maxRecordsPerFrame` of `snapshots` (at least one). */
  positions(snapshots: Snapshot[]): Outgoing;
  heartbeat(snapshot: Snapshot): Outgoing;
  /** A parser for a new connection. */
  createParser(): ServerParser;
  answer(command: ReceivedCommand, snapshot: Snapshot): CommandAnswer;
}

/** An expectation of exactly these bytes. */
export function exactAck(expected: Buffer): AckExpectation {
  return { expected: expected.toString('hex'), check: (ack) => (ack.equals(expected) ? 'ok' : 'mismatch') };
}

/** Whether every byte is printable ASCII. */
export function printable(bytes: Buffer): boolean {
  return bytes.every((b) => (b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09);
}

/** A serving cell that changes as the vehicle moves (about 1 km squares). */
export function cellAt(lat: number, lng: number): Snapshot['cell'] {
  const south = lat < 0;
  const lac = 1000 + (Math.floor(Math.abs(lat) * 20) % 500);
  const cid = 10000 + ((Math.floor(Math.abs(lat) * 100) * 131 + Math.floor(Math.abs(lng) * 100) * 17) % 60000);
  return south ? { mcc: 722, mnc: 7, lac, cid } : { mcc: 262, mnc: 1, lac, cid };
}

/** `yyyy/mm/dd hh:mm` UTC, the way Teltonika prints its clock. */
export function slashDateTime(at: Date): string {
  return at.toISOString().slice(0, 16).replace(/-/g, '/').replace('T', ' ');
}
