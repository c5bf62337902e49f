import type { Socket } from 'node:net';
import type { Clock } from '../../shared/clock.js';
import { DecodeError, FrameError } from './protocols/errors.js';
import type { DecodeContext, FrameSplitter, ProtocolCodec, ProtocolDecoder } from './protocols/types.js';
import type { DeviceMessage } from './vocabulary.js';

/** What a session needs from the gateway. */
export interface SessionHost {
  clock: Clock;
  registered(imei: string): boolean;
  /** Handles decoded messages; resolves once everything that must be durable before the ACK is. */
  handleMessages(session: DeviceSession, messages: DeviceMessage[]): Promise<void>;
  traffic(session: DeviceSession, direction: 'in' | 'out', bytes: Buffer): void;
  closed(session: DeviceSession): void;
  log(line: string): void;
}

/** Longest a device may stay silent before its connection is closed, ms. */
export const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * One device connection: bytes → frames → messages → (durable) → reply bytes, strictly in order.
 * A frame the splitter cannot cut (garbage, oversize) costs this connection only; a frame the
 * decoder rejects is skipped without a reply and the connection lives on.
 */
export class DeviceSession {
  private readonly splitter: FrameSplitter;
  private readonly decoder: ProtocolDecoder;
  private chain: Promise<void> = Promise.resolve();
  private ended = false;
  /** Set once the device identified itself with a registered IMEI. */
  imei: string | undefined;
  sourceId: number | undefined;
  dealerId: number | undefined;
  /** GT06 frame serial for commands we send. */
  commandSerial = 0;
  readonly remote: string;

  constructor(
    readonly socket: Socket,
    readonly codec: ProtocolCodec,
    private readonly host: SessionHost,
    idleTimeoutMs = IDLE_TIMEOUT_MS,
  ) {
    this.splitter = codec.createSplitter();
    this.decoder = codec.createDecoder();
    this.remote = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.setNoDelay(true);
    socket.setTimeout(idleTimeoutMs, () => this.close('idle timeout'));
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => this.close('socket error'));
    socket.on('close', () => this.close('closed'));
  }

  private receive(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.splitter.push(chunk);
    } catch (error) {
      this.host.log(`${this.codec.name} ${this.remote}: ${error instanceof FrameError ? error.message : String(error)}; connection dropped`);
      this.close('bad frame');
      return;
    }
    for (const frame of frames) this.chain = this.chain.then(() => this.process(frame));
  }

  private async process(frame: Buffer): Promise<void> {
    if (this.ended) return;
    this.host.traffic(this, 'in', frame);
    const context: DecodeContext = { now: () => this.host.clock.now(), registered: (imei) => this.host.registered(imei) };
    let result;
    try {
      result = this.decoder.decode(frame, context);
    } catch (error) {
      if (error instanceof DecodeError) {
        this.host.log(`${this.codec.name} ${this.remote}: ${error.message}; frame skipped`);
        return;
      }
      this.host.log(`${this.codec.name} ${this.remote}: decoder failed: ${(error as Error).stack ?? String(error)}`);
      this.close('decoder failure');
      return;
    }
    try {
      await this.host.handleMessages(this, result.messages);
    } catch (error) {
      // Not stored, so not acknowledged: the device keeps the data and sends it again.
      this.host.log(`${this.codec.name} ${this.remote}: storing failed: ${(error as Error).message}; connection dropped`);
      this.close('storage failure');
      return;
    }
    if (result.reply && !this.ended) this.write(result.reply);
  }

  write(bytes: Buffer): void {
    if (this.ended) return;
    this.socket.write(bytes);
    this.host.traffic(this, 'out', bytes);
  }

  /** Resolves when every frame received so far has been handled. */
  settled(): Promise<void> {
    return this.chain;
  }

  close(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.socket.destroy();
    this.host.closed(this);
    if (reason !== 'closed') this.host.log(`${this.codec.name} ${this.remote}${this.imei ? ` (${this.imei})` : ''}: ${reason}`);
  }

  get open(): boolean {
    return !this.ended;
  }
}
