/**
 * Device text made inert before it reaches a terminal. Whatever a device sends is shown, never
 * interpreted: every C0 control (including CR and LF), DEL and every C1 control (U+0080–U+009F,
 * which xterm reads as CSI, OSC, ... just like ESC sequences) becomes visible text.
 * C0 and DEL use caret notation (`^[`, `^?`), C1 its code (`<9B>`).
 */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

export function inertText(text: string): string {
  return text.replace(CONTROLS, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return `^${String.fromCharCode(code ^ 0x40)}`;
    if (code === 0x7f) return '^?';
    return `<${code.toString(16).toUpperCase()}>`;
  });
}

/** Whether a command text is printable (no C0, DEL or C1 control): the rule of raw_command/send and the console. */
export function isPrintableCommand(text: string): boolean {
  return !/[\u0000-\u001f\u007f-\u009f]/.test(text);
}

/** A device id made safe for a log line: printable ASCII only, at most 40 characters. */
export function loggableId(id: string): string {
  const cut = id.length > 40 ? `${id.slice(0, 40)}...` : id;
  return cut.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).replace(/\s/g, '_');
}
