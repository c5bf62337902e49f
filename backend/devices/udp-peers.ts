import { createSocket, type Socket as DatagramSocket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import type { FrameSplitter, ProtocolCodec } from './protocols/types.js';

/** Most bytes one datagram may carry; a longer one is dropped unread. */
export const MAX_DATAGRAM_BYTES = 16 * 1024;
/** Datagrams one source (address:port) may send per second on average, and at once above it; past it they are dropped. */
export const DATAGRAMS_PER_SECOND = 20;
export const DATAGRAM_BURST = 200;

/**
 * Each datagram is cut on its own: a frame never continues into the next datagram. For a text
 * protocol the datagram's end also ends its last line; a binary half frame is dropped.
 */
export class DatagramSplitter implements FrameSplitter {
  readonly pending = 0;
  constructor(private readonly codec: ProtocolCodec) {}

  push(datagram: Buffer): Buffer[] {
    const splitter = this.codec.createSplitter();
    const frames = splitter.push(datagram);
    if (splitter.pending > 0 && !this.codec.isBinary) {
      const tail = datagram.subarray(datagram.length - splitter.pending);
      if (tail.some((b) => b > 0x20)) frames.push(Buffer.from(tail));
    }
    return frames;
  }
}

/**
 * One UDP source (address:port) as a device connection: the socket surface `DeviceSession` uses.
 * Replies go to the datagram's source. While the session is paused (frames waiting for storage,
 * the gateway's budget) datagrams are dropped, not queued: the device resends what got no ACK.
 */
export class UdpPeer extends EventEmitter {
  readonly writableLength = 0;
  private paused = false;
  private ended = false;
  private allowance = DATAGRAM_BURST;
  private allowanceAt = performance.now();
  dropped = 0;

  constructor(
    private readonly socket: DatagramSocket,
    readonly remoteAddress: string,
    readonly remotePort: number,
    private readonly forget: (peer: UdpPeer) => void,
  ) {
    super();
  }

  get key(): string {
    return `${this.remoteAddress}:${this.remotePort}`;
  }

  /** A datagram from this source: handed on, or dropped when paused or over its rate. */
  receive(datagram: Buffer): void {
    const now = performance.now();
    this.allowance = Math.min(DATAGRAM_BURST, this.allowance + ((now - this.allowanceAt) * DATAGRAMS_PER_SECOND) / 1000);
    this.allowanceAt = now;
    if (this.ended || this.paused || this.allowance < 1) {
      this.dropped++;
      return;
    }
    this.allowance -= 1;
    this.emit('data', datagram);
  }

  setNoDelay(): this {
    return this;
  }

  pause(): this {
    this.paused = true;
    return this;
  }

  resume(): this {
    this.paused = false;
    return this;
  }

  write(bytes: Uint8Array | string): boolean {
    if (!this.ended) this.socket.send(bytes, this.remotePort, this.remoteAddress, () => {});
    return true;
  }

  end(): this {
    return this.destroy();
  }

  destroy(): this {
    if (this.ended) return this;
    this.ended = true;
    this.forget(this);
    this.emit('close');
    return this;
  }
}

/** Opens a UDP socket for `codec` on host:port; `onDatagram` gets every datagram within the size bound. */
export async function bindUdp(host: string, port: number, onDatagram: (datagram: Buffer, address: string, port: number) => void): Promise<DatagramSocket> {
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  socket.on('message', (datagram, remote) => {
    if (datagram.length === 0 || datagram.length > MAX_DATAGRAM_BYTES) return;
    onDatagram(datagram, remote.address, remote.port);
  });
  socket.on('error', () => {}); // a send to a vanished peer (ICMP) must not stop the listener
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return socket;
}
