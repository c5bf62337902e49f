import { emptyState, type CommandReplyMessage, type DeviceMessage } from '../../vocabulary.js';
import { printableText } from '../encoding.js';
import type { Gt06Frame, Handled } from './handler-types.js';

function reply(bytes: Buffer, ref: number): CommandReplyMessage {
  const text = printableText(bytes);
  return text === undefined ? { type: 'command_reply', hex: bytes.toString('hex'), ref } : { type: 'command_reply', text: text.trim(), ref };
}

/** Text ends at the first NUL: some firmwares pad it with zeros (and a language word after). */
function untilNul(bytes: Buffer): Buffer {
  const end = bytes.indexOf(0);
  return end < 0 ? bytes : bytes.subarray(0, end);
}

/**
 * 0x15 (7878): `u8 length (= 4 + text)`, `u32 server flag`, ASCII text, and on newer firmware a
 * `u16` language. A length that does not fit (some firmwares send 0) means: text to the end.
 */
export function commandReply15({ content: r }: Gt06Frame): Handled {
  const length = r.u8('reply length');
  const ref = r.u32('server flag');
  const fits = length >= 4 && length - 4 <= r.remaining;
  const text = untilNul(r.bytes(fits ? length - 4 : r.remaining, 'reply text'));
  return { messages: [reply(text, ref)] };
}

/** 0x21 (7979): `u32 server flag`, `u8 encoding` (1 ASCII, 2 UTF-16BE), text. */
export function commandReply21({ content: r }: Gt06Frame): Handled {
  const ref = r.u32('server flag');
  const encoding = r.u8('encoding');
  const bytes = r.bytes(r.remaining, 'reply text');
  const text = encoding === 2 ? utf16be(bytes) : undefined;
  const message: CommandReplyMessage = text === undefined ? reply(untilNul(bytes), ref) : { type: 'command_reply', text: text.trim(), ref };
  const fix = 'text' in message ? currentPosition(message.text) : undefined;
  return { messages: fix ? [message, fix] : [message] };
}

function utf16be(bytes: Buffer): string {
  const swapped = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  const text = swapped.swap16().toString('utf16le');
  const end = text.indexOf('\0');
  return end < 0 ? text : text.slice(0, end);
}

const CURRENT_POSITION =
  /Current position!Lat:([NS])([\d.]+),Lon:([EW])([\d.]+),Course:([\d.]+),Speed:([\d.]+),DateTime:(\d{4})-(\d\d)-(\d\d)\s+(\d\d):(\d\d):(\d\d)/;

/** A `WHERE#` reply: "Current position!Lat:N54.739332,Lon:E25.273270,Course:..,Speed:..,DateTime:..". */
function currentPosition(text: string): DeviceMessage | undefined {
  const m = CURRENT_POSITION.exec(text);
  if (!m) return undefined;
  const [, ns, lat, ew, lng, course, speed, yyyy, mo, dd, hh, mi, ss] = m;
  const time = new Date(Date.UTC(+yyyy!, +mo! - 1, +dd!, +hh!, +mi!, +ss!));
  return {
    type: 'position',
    record: {
      ...emptyState(),
      time,
      valid: true,
      lat: ns === 'S' ? -lat! : +lat!,
      lng: ew === 'W' ? -lng! : +lng!,
      speed: +speed!, // km/h as the firmware prints it
      heading: +course!,
    },
  };
}
