import type { CommandReplyMessage, DeviceMessage } from '../../vocabulary.js';
import { crc16Ibm } from '../crc.js';
import { DecodeError } from '../errors.js';
import { printableText } from '../encoding.js';
import { ByteReader } from '../reader.js';
import type { DecodeContext, DecodeResult, FrameIntegrity, ProtocolDecoder } from '../types.js';
import { avlRecords, codec16, codec8, codec8Extended, codec8With16ByteGroup, gh3000Records } from './avl.js';

interface CodecOutcome {
  messages: DeviceMessage[];
  acked: boolean; // data codecs get the 4-byte record-count ACK; command codecs get none
}

type CodecDecoder = (r: ByteReader, count: number) => CodecOutcome;

const CODEC12_CAMERA = 0x0d; // camera sub-protocol (photo chunks): not supported, ignored

/** Codec 12: `u8 type, u32 length, bytes`; the device's response (type 0x06) becomes a command reply. */
function codec12(r: ByteReader, count: number): CodecOutcome {
  const messages: DeviceMessage[] = [];
  for (let i = 0; i < count; i++) {
    const type = r.u8('command type');
    const payload = r.bytes(r.u32('command length'), 'command');
    if (type === CODEC12_CAMERA) continue;
    messages.push(commandReply(payload)); // type 0x06 in practice; any other type is read the same way
  }
  return { messages, acked: false };
}

/** Codec 13: `u8 type, u32 length (includes a u32 timestamp in s), timestamp, bytes`. */
function codec13(r: ByteReader, count: number): CodecOutcome {
  const messages: DeviceMessage[] = [];
  for (let i = 0; i < count; i++) {
    r.u8('command type');
    const length = r.u32('command length');
    if (length < 4) throw new DecodeError('teltonika', `codec 13 length ${length} below its timestamp`);
    const time = new Date(r.u32('timestamp') * 1000);
    messages.push({ ...commandReply(r.bytes(length - 4, 'command')), time });
  }
  return { messages, acked: false };
}

/**
 * Codec 8 records. Some firmwares append a group of 16-byte IO values (Traccar's `extended`
 * setting) that nothing in the packet announces: try the standard layout, and if its records do
 * not end right at N2 + CRC, the layout with that group. If neither fits, the standard layout
 * wins and the length check reports the mismatch.
 */
function codec8Records(r: ByteReader, count: number): CodecOutcome {
  for (const layout of [codec8, codec8With16ByteGroup]) {
    const attempt = r.fork();
    try {
      const messages = avlRecords(attempt, count, layout);
      if (attempt.remaining === 5 && attempt.peek() === count) {
        r.catchUp(attempt);
        return { messages, acked: true };
      }
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
    }
  }
  return { messages: avlRecords(r, count, codec8), acked: true };
}

function commandReply(payload: Buffer): CommandReplyMessage {
  const text = printableText(payload);
  return text === undefined ? { type: 'command_reply', hex: payload.toString('hex') } : { type: 'command_reply', text: text.trim() };
}

const codecs: Record<number, CodecDecoder> = {
  0x07: (r, n) => ({ messages: gh3000Records(r, n), acked: true }),
  0x08: codec8Records,
  0x8e: (r, n) => ({ messages: avlRecords(r, n, codec8Extended), acked: true }),
  0x10: (r, n) => ({ messages: avlRecords(r, n, codec16), acked: true }),
  0x0c: codec12,
  0x0d: codec13,
};

const AVL_HEADER = 8; // 4 zero bytes + u32 data length

/** Teltonika decoder for one TCP connection: the IMEI handshake first, then AVL packets. */
export class TeltonikaDecoder implements ProtocolDecoder {
  private imei: string | undefined;

  decode(frame: Buffer, context: DecodeContext): DecodeResult {
    if (frame.length === 1 && frame[0] === 0xff) return { messages: [{ type: 'heartbeat' }], integrity: {} };
    if (frame.length >= 2 && frame.readUInt16BE(0) !== 0) return this.handshake(frame, context);
    if (this.imei === undefined) throw new DecodeError('teltonika', 'AVL packet before the IMEI handshake');
    return this.avlPacket(frame);
  }

  /** `u16 length` + ASCII IMEI → login; reply 01 accepts, 00 rejects an unknown device. */
  private handshake(frame: Buffer, context: DecodeContext): DecodeResult {
    const length = frame.readUInt16BE(0);
    const imei = frame.toString('latin1', 2);
    if (imei.length !== length || !/^\d+$/.test(imei)) {
      throw new DecodeError('teltonika', 'IMEI handshake is not a length-prefixed digit string');
    }
    this.imei = imei;
    const reply = Buffer.from([context.registered(imei) ? 0x01 : 0x00]);
    return { messages: [{ type: 'login', imei }], reply, integrity: {} };
  }

  /** `00000000 | u32 dataLength | codec | N1 | records | N2 | u32 CRC`; ACK = u32 N1 for data codecs. */
  private avlPacket(frame: Buffer): DecodeResult {
    const r = new ByteReader(frame, 'teltonika');
    if (r.u32('preamble') !== 0) throw new DecodeError('teltonika', 'AVL preamble is not zero');
    const dataLength = r.u32('data length');
    const codecId = r.u8('codec id');
    const decodeCodec = codecs[codecId];
    if (!decodeCodec) throw new DecodeError('teltonika', `unsupported codec 0x${codecId.toString(16)}`);
    const count = r.u8('record count');
    const { messages, acked } = decodeCodec(r, count);
    const integrity = checkPacket(frame, r, dataLength, count);
    const reply = acked ? u32(count) : undefined;
    return reply ? { messages, reply, integrity } : { messages, integrity };
  }
}

/** CRC over codec id..N2 (the last 4 bytes hold `0000` + CRC); length and N2 against the records. */
function checkPacket(frame: Buffer, r: ByteReader, dataLength: number, count: number): FrameIntegrity {
  const end = frame.length - 4;
  const crcOk = end > AVL_HEADER && frame.readUInt32BE(end) === crc16Ibm(frame.subarray(AVL_HEADER, end));
  const countAgain = r.remaining >= 1 ? r.u8('record count 2') : undefined;
  const lengthOk = dataLength + AVL_HEADER + 4 === frame.length && r.position === end && countAgain === count;
  return { crcOk, lengthOk };
}

function u32(value: number): Buffer {
  const buf = Buffer.alloc(4);
  buf.writeUInt32BE(value);
  return buf;
}
