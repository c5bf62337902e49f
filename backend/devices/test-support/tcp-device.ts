import { connect, type Socket } from 'node:net';
import { crc16Ibm } from '../protocols/crc.js';

/** A raw TCP peer for gateway tests: send bytes, wait for exact reply bytes. */
export class TcpDevice {
  private buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('error', () => {});
  }

  static open(port: number): Promise<TcpDevice> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new TcpDevice(socket)));
      socket.once('error', reject);
    });
  }

  send(hex: string | Buffer): void {
    this.socket.write(typeof hex === 'string' ? Buffer.from(hex, 'hex') : hex);
  }

  /** Waits until at least `bytes` bytes arrived (or the timeout), and takes them. */
  async read(bytes: number, timeoutMs = 3000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length < bytes && !this.closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, Math.max(1, deadline - Date.now()));
      });
    }
    const taken = this.buffer.subarray(0, bytes);
    this.buffer = this.buffer.subarray(taken.length);
    return taken;
  }

  /** Whatever arrived within `ms`. */
  async drain(ms = 100): Promise<Buffer> {
    await new Promise((r) => setTimeout(r, ms));
    const all = this.buffer;
    this.buffer = Buffer.alloc(0);
    return all;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A Teltonika Codec 12 response (type 0x06) as firmware sends it. */
export function teltonikaCommandResponse(text: string): Buffer {
  const body = Buffer.concat([Buffer.from([0x0c, 0x01, 0x06]), u32(text.length), Buffer.from(text, 'latin1'), Buffer.from([0x01])]);
  return Buffer.concat([u32(0), u32(body.length), body, u32(crc16Ibm(body))]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
