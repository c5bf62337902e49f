/** `HH:MM:SS.mmm` local time of when a line arrived. */
export function clockTime(at: Date): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
}

const encoder = new TextEncoder();

/** The bytes of a text as spaced hex pairs: `AT` → `41 54`. */
export function toHex(text: string): string {
  const bytes = encoder.encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (i ? ' ' : '') + bytes[i]!.toString(16).padStart(2, '0').toUpperCase();
  return out;
}

/** Whether a command typed in hex mode is whole bytes of hex digits (spaces allowed between). */
export function isHexCommand(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  return compact.length > 0 && compact.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(compact);
}

export type DisplayMode = 'text' | 'hex';

/** The gateway's traffic lines: `YYYY-MM-DD HH:MM:SS < body` (in) or `... > body` (out). */
const TRAFFIC = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [<>] )(.*)$/s;
const HEX_BODY = /^(?:[0-9a-fA-F]{2})+$/;

/** Hex digits as spaced byte pairs: `7e01ff` → `7E 01 FF`. */
export function spaceHex(hex: string): string {
  return (hex.match(/../g) ?? []).join(' ').toUpperCase();
}

/** Controls other than tab and newline made visible, C1 (U+0080–U+009F, read by xterm as CSI/OSC...) included. */
function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x7f) return '^?';
    return code < 0x20 ? `^${String.fromCharCode(code ^ 0x40)}` : `<${code.toString(16).toUpperCase()}>`;
  });
}

/**
 * One output message for the terminal. Binary protocols already arrive as hex text from the
 * server (docs/architecture.md §2.7): hex mode spaces them into bytes and shows the bytes of text
 * payloads too. Control characters other than tab and newline are made visible, so a device
 * cannot drive the terminal.
 */
export function formatOutputLine(msg: string, at: Date, mode: DisplayMode, withTime: boolean): string {
  const trimmed = msg.replace(/\r?\n$/, '');
  let body: string;
  if (mode === 'hex') {
    const match = TRAFFIC.exec(trimmed);
    const prefix = match ? match[1]! : '';
    const payload = match ? match[2]! : trimmed;
    body = prefix + (HEX_BODY.test(payload) ? spaceHex(payload) : toHex(payload));
  } else {
    body = visible(trimmed.replace(/\r\n/g, '\n'));
  }
  const stamp = withTime ? `\x1b[90m${clockTime(at)}\x1b[0m ` : '';
  return body
    .split('\n')
    .map((line) => stamp + line)
    .join('\r\n');
}

/** What the gateway's output says about the device's connection, if anything. */
export function deviceConnectionIn(msg: string): 'online' | 'offline' | null {
  if (/\bdevice (went )?offline\b/i.test(msg)) return 'offline';
  if (/\bdevice (connected|online)\b/i.test(msg)) return 'online';
  return null;
}
