import type { DeviceMessage } from '../../vocabulary.js';
import type { DecodeContext, DecodeResult, ProtocolDecoder } from '../types.js';
import { decodeBinary } from './binary.js';
import { isBinaryFrame } from './frame.js';
import { decodeText } from './text.js';

/**
 * Queclink @Track decoder for one connection (or one UDP peer): every report carries the device
 * id, so the first report of an id is its login. Text reports get `+SACK:<count>$`, the
 * heartbeat `+ACK:GTHBD` gets `+SACK:GTHBD,<protocol version>,<count>$`; binary reports get no reply.
 */
export class QueclinkDecoder implements ProtocolDecoder {
  private id: string | undefined;

  decode(frame: Buffer, _context: DecodeContext): DecodeResult {
    const report = isBinaryFrame(frame) ? decodeBinary(frame) : decodeText(frame);
    if (!report) return { messages: [], integrity: {} };
    const messages: DeviceMessage[] = [];
    if (report.id !== this.id) {
      this.id = report.id;
      messages.push({ type: 'login', imei: report.id });
    }
    messages.push(...report.messages);
    const reply = report.reply ? Buffer.from(report.reply, 'latin1') : undefined;
    return { messages, ...(reply ? { reply } : {}), integrity: {} };
  }
}
