/**
 * The few `net.Socket` members a simulated device uses, over UDP: one datagram per write, each
 * datagram from the server a `data` chunk. "Connected" once the socket is bound and pointed at the
 * server; `end`/`destroy` close it. UDP has no connection to lose, so the device notices a dead
 * server only by its missing ACKs (as UDP firmware does).
 */
import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { isIPv6 } from 'node:net';

export interface LinkEvents {
  connect: [];
  data: [Buffer];
  error: [Error];
  close: [];
}

export class UdpLink extends EventEmitter<LinkEvents> {
  destroyed = false;
  private readonly socket: DgramSocket;
  private timer: NodeJS.Timeout | undefined;

  constructor(host: string, port: number, localAddress?: string) {
    super();
    this.socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    this.socket.on('message', (message) => this.emit('data', message));
    this.socket.on('error', (error) => this.destroy(error));
    this.socket.on('close', () => {
      this.destroyed = true;
      clearTimeout(this.timer);
      this.emit('close');
    });
    this.socket.bind(localAddress ? { address: localAddress, port: 0 } : { port: 0 }, () => {
      this.socket.connect(port, host, () => {
        if (!this.destroyed) this.emit('connect');
      });
    });
  }

  write(bytes: Buffer): void {
    if (this.destroyed || bytes.length === 0) return;
    this.socket.send(bytes, (error) => {
      if (error) this.destroy(error);
    });
  }

  setNoDelay(): void {}

  setTimeout(ms: number, onTimeout?: () => void): void {
    clearTimeout(this.timer);
    if (ms > 0 && onTimeout) this.timer = setTimeout(onTimeout, ms);
  }

  end(): void {
    this.destroy();
  }

  destroy(error?: Error): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (error) this.emit('error', error);
    this.socket.close();
  }
}
