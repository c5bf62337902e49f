/**
 * The shared contract of the pure protocol layer: bytes in, `DeviceMessage`s and ACK bytes out.
 * No sockets, no database; the gateway owns connections and passes in what the decoder must know.
 *
 * CRC and length policy (also in README.md):
 * - A frame whose CRC is wrong, or whose stated length or record count disagrees with its content,
 *   is still decoded and acknowledged exactly as a correct one, and the result says so in
 *   `integrity` (`crcOk` / `lengthOk` false) for the gateway to log or count. Reasons: the reference
 *   server (Traccar) never checks these, real captures from working devices carry wrong CRCs,
 *   TCP already protects the bytes in transit, and refusing the ACK makes a Teltonika or GT06
 *   device resend the same data forever.
 * - The splitter trusts a stated length only to cut frames (GT06 falls back to the 0D0A trailer
 *   when the length is wrong). The decoder parses by each message's layout with bounds checks and
 *   throws `DecodeError` when the content is too short or malformed: that frame gets no reply and
 *   no messages, and the connection lives on. `FrameError` from a splitter (garbage, oversize)
 *   means the stream cannot be resynchronised: drop that one connection.
 */
import type { Clock } from '../../../shared/clock.js';
import type { DeviceMessage } from '../vocabulary.js';

export type ProtocolName = 'teltonika' | 'gt06' | 'h02' | 'jt808' | 'ruptela' | 'suntech' | 'queclink' | 'gps103' | 'wialon' | 'osmand' | 'meitrack';

/** Cuts one connection's byte stream into whole frames. One instance per connection. */
export interface FrameSplitter {
  /** Appends a chunk; returns every frame now complete, in order. Throws `FrameError`. */
  push(chunk: Buffer): Buffer[];
  /** Bytes held while waiting for the rest of a frame. */
  readonly pending: number;
}

/** What a decoder needs from the gateway. The clock is for replies that carry the server time. */
export interface DecodeContext extends Clock {
  /** Whether this IMEI is a known tracker: decides the Teltonika handshake and GT06 login reply. */
  registered(imei: string): boolean;
}

/** Outcome of the frame checks; a field is absent when the frame has no such check. */
export interface FrameIntegrity {
  crcOk?: boolean;
  lengthOk?: boolean; // stated length / record count agrees with the content
}

export interface DecodeResult {
  messages: DeviceMessage[];
  reply?: Buffer; // the exact bytes the firmware expects back, if any
  integrity: FrameIntegrity;
  /** End the connection once this frame is answered (HTTP `Connection: close`, a refused request). */
  close?: string;
}

/** Decodes the frames of one connection (keeps per-connection state, e.g. the IMEI). */
export interface ProtocolDecoder {
  /** Throws `DecodeError` on a malformed frame; the decoder stays usable for the next frame. */
  decode(frame: Buffer, context: DecodeContext): DecodeResult;
}

export interface DeviceCommand {
  kind: 'text' | 'hex'; // hex: `payload` is hex pairs sent as raw bytes (Teltonika, GT06)
  payload: string;
  imei: string;
  serial?: number; // GT06 frame serial / JT808 message serial, u16; default 0
  serverFlag?: number; // GT06 server flag, u32, echoed in the device's reply; default 0
  time?: Date; // send time; H02 puts its UTC HHmmss in the command; default now
}

export interface ProtocolCodec {
  readonly name: ProtocolName;
  readonly defaultPort: number; // TCP
  readonly isBinary: boolean; // false: frames are text (the console shows text, not hex)
  createSplitter(): FrameSplitter;
  createDecoder(): ProtocolDecoder;
  /** Throws `EncodeError` when the protocol cannot carry the command. */
  encodeCommand(command: DeviceCommand): Buffer;
  /**
   * Request/response protocols (OsmAnd HTTP) cannot push bytes: a command waits for the next reply
   * and rides in it. Returns that reply with the commands in it, or undefined when this reply
   * cannot carry them (a refusal); absent for protocols whose commands are written at once.
   */
  attachCommands?(reply: Buffer, commands: Buffer[]): Buffer | undefined;
  /** Shorter idle / partial-frame time-outs than the listener's, ms (an HTTP connection, a slow request). */
  idleTimeoutMs?: number;
  partialFrameTimeoutMs?: number;
}
