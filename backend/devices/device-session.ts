import type { Socket } from 'node:net';
import type { Clock } from '../../shared/clock.js';
import { DecodeError, FrameError } from './protocols/errors.js';
import type { DecodeContext, FrameSplitter, ProtocolCodec, ProtocolDecoder } from './protocols/types.js';
import type { DeviceMessage } from './vocabulary.js';

/**
 * What the gateway decided about one decoded frame. `reply` false: the decoder's reply bytes are
 * not written (nothing of the frame was stored, or the identity is refused). `close`: end the
 * connection after the reply (if any), with that reason.
 */
export interface FrameVerdict {
  /** 'refusal': write the decoder's reply only if it is the protocol's refusal (the decoder asked and heard "unknown"). */
  reply: boolean | 'refusal';
  close?: string;
  /** Log the close reason (false when a health line or a rate limit already said it). */
  quiet?: boolean;
}

/**
 * What a session needs from the gateway. `handleMessages` runs its synchronous part (identity,
 * state) at once, in frame order; the promise it returns settles when what must be durable before
 * the ACK is durable.
 */
export interface SessionHost {
  clock: Clock;
  registered(imei: string): boolean;
  handleMessages(session: DeviceSession, messages: DeviceMessage[]): Promise<FrameVerdict>;
  traffic(session: DeviceSession, direction: 'in' | 'out', bytes: Buffer): void;
  closed(session: DeviceSession): void;
  log(line: string): void;
  /** Frame bytes the whole gateway holds in flight may not pass the global budget. */
  reserve(bytes: number): void;
  release(bytes: number): void;
  overBudget(): boolean;
  /** Called back (once) when the global budget has room again. */
  whenBudget(resume: () => void): void;
}

/** The part of a TCP socket a session uses; a UDP peer (./udp-peers.ts) provides the same. */
export type DeviceSocket = Pick<
  Socket,
  'remoteAddress' | 'remotePort' | 'writableLength' | 'setNoDelay' | 'on' | 'pause' | 'resume' | 'write' | 'end' | 'destroy'
>;

/** Bounds of one connection; the gateway's options fill them (README "Devices"). */
export interface SessionLimits {
  /** Frames decoded and waiting for storage; more pauses the socket. */
  maxFramesInFlight: number;
  /** Bytes of frames waiting for storage; more pauses the socket. */
  maxBytesInFlight: number;
  /** Reply bytes the peer has not read yet; more stops processing (and so reading) until it reads. */
  maxUnreadReplyBytes: number;
  /**
   * Bytes per second one connection may send, on average; past it (and its burst) the socket is
   * paused until the rate is back under, so TCP holds the sender back. Real firmware on a cellular
   * link sends a few kB/s even when it uploads its backlog; one connection that sends at line rate
   * must not make the server decode, store and collect garbage at line rate.
   */
  maxBytesPerSecond: number;
  /** Bytes a connection may send at once above the rate (a backlog upload after a reconnect). */
  burstBytes: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  maxFramesInFlight: 16,
  maxBytesInFlight: 256 * 1024,
  maxUnreadReplyBytes: 64 * 1024,
  maxBytesPerSecond: 64 * 1024,
  burstBytes: 512 * 1024,
};

/** Longest a device may go without one whole frame before its connection is closed, ms. */
export const IDLE_TIMEOUT_MS = 10 * 60 * 1000;
/** Longest a frame may stay partial (bytes trickling in) before the connection is closed, ms. */
export const PARTIAL_FRAME_TIMEOUT_MS = 60 * 1000;

const monotonic = () => performance.now();

/** Commands a request/response connection holds for its next reply. */
export const MAX_HELD_COMMANDS = 16;

interface PendingFrame {
  frame: Buffer;
  reply?: Buffer;
  close?: string;
  isRefusal: boolean;
  verdict: Promise<FrameVerdict>;
}

/**
 * One device connection: bytes → frames → messages → (durable) → reply bytes, replies strictly in
 * frame order. Frames are handled (identity, state) one after another as they arrive and their
 * storage overlaps (up to `maxFramesInFlight`); while that many wait, or while the peer does not
 * read its replies, the socket is paused, so a device that floods costs its own connection's
 * buffers and no more. A frame the splitter cannot cut (garbage, oversize) ends this connection; a
 * frame the decoder rejects is skipped without a reply and the connection lives on.
 */
export class DeviceSession {
  private readonly splitter: FrameSplitter;
  private readonly decoder: ProtocolDecoder;
  private readonly context: DecodeContext;
  /** Frames cut but not yet handed to the gateway, and frames whose storage is pending. */
  private readonly waiting: Buffer[] = [];
  private readonly pending: PendingFrame[] = [];
  private bytesInFlight = 0;
  private pumping = false;
  private paused = false;
  private ended = false;
  private settledWaiters: (() => void)[] = [];
  /** Rate bucket: bytes the connection may still send now, refilled at `maxBytesPerSecond` up to `burstBytes`. */
  private allowance: number;
  private allowanceAt = monotonic();
  /** Received bytes over the rate, taken in when the allowance has refilled (the socket is paused meanwhile). */
  private deferred: Buffer | undefined;
  private throttle: NodeJS.Timeout | undefined;
  /** Commands waiting for the next reply (request/response protocols only). */
  private heldCommands: Buffer[] = [];
  /** Set while decoding when the decoder asked about an IMEI and heard "not registered": its reply is then a refusal. */
  private heardUnknown = false;
  /** The IMEI this connection first claimed (registered or not): one connection, one device. */
  claimedImei: string | undefined;
  /** Set while the connection speaks for a registered, non-corrupted source. */
  imei: string | undefined;
  sourceId: number | undefined;
  dealerId: number | undefined;
  /** Set when the registration behind `sourceId` may have changed: resolve again before storing. */
  stale = false;
  /** GT06 frame serial for commands we send. */
  commandSerial = 0;
  readonly remote: string;
  readonly remoteAddress: string;
  /** Monotonic ms of the last whole frame, and since when a partial frame has been held. */
  lastFrameAt = monotonic();
  readonly connectedAt = monotonic();
  partialSince: number | undefined;
  /** Monotonic ms since the peer stopped reading our replies (write buffer over the bound). */
  unreadSince: number | undefined;

  constructor(
    readonly socket: DeviceSocket,
    readonly codec: ProtocolCodec,
    private readonly host: SessionHost,
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
  ) {
    this.allowance = limits.burstBytes;
    this.splitter = codec.createSplitter();
    this.decoder = codec.createDecoder();
    this.context = {
      now: () => host.clock.now(),
      registered: (imei) => {
        const known = host.registered(imei);
        if (!known) this.heardUnknown = true;
        return known;
      },
    };
    this.remoteAddress = socket.remoteAddress ?? 'unknown';
    this.remote = `${this.remoteAddress}:${socket.remotePort}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('drain', () => this.onDrain());
    socket.on('error', () => this.close('socket error'));
    socket.on('close', () => this.close('closed'));
  }

  /**
   * Bytes arrive; what the rate allows now is cut into frames at once, the rest waits (the socket
   * is paused meanwhile, so that is at most one read) and is taken in as the allowance refills.
   */
  private receive(chunk: Buffer): void {
    if (this.ended) return;
    if (this.deferred) {
      this.deferred = Buffer.concat([this.deferred, chunk]);
      return;
    }
    this.refill();
    if (this.allowance >= chunk.length) {
      this.allowance -= chunk.length;
      this.take(chunk);
      return;
    }
    const now = Math.max(0, Math.floor(this.allowance));
    this.allowance -= now;
    this.deferred = chunk.subarray(now);
    if (now) this.take(chunk.subarray(0, now));
    this.scheduleDeferred();
    this.updatePause();
  }

  private refill(): void {
    const now = monotonic();
    this.allowance = Math.min(this.limits.burstBytes, this.allowance + ((now - this.allowanceAt) * this.limits.maxBytesPerSecond) / 1000);
    this.allowanceAt = now;
  }

  /** Waits until the allowance covers the deferred bytes (or a burst of them), then takes them in. */
  private scheduleDeferred(): void {
    if (this.ended || !this.deferred) return;
    const want = Math.min(this.deferred.length, this.limits.burstBytes);
    this.throttle = setTimeout(
      () => {
        this.throttle = undefined;
        const deferred = this.deferred;
        if (this.ended || !deferred) return;
        this.refill();
        const now = Math.min(deferred.length, Math.max(0, Math.floor(this.allowance)));
        this.allowance -= now;
        this.deferred = now < deferred.length ? deferred.subarray(now) : undefined;
        if (now) this.take(deferred.subarray(0, now));
        if (this.deferred) this.scheduleDeferred();
        this.updatePause();
      },
      Math.max(1, Math.ceil(((want - this.allowance) * 1000) / this.limits.maxBytesPerSecond)),
    );
  }

  private take(chunk: Buffer): void {
    if (this.ended) return;
    let frames: Buffer[];
    try {
      frames = this.splitter.push(chunk);
    } catch (error) {
      this.close(`${error instanceof FrameError ? error.message : 'unreadable stream'}; connection dropped`);
      return;
    }
    const now = monotonic();
    if (frames.length) this.lastFrameAt = now;
    // A partial frame's clock starts when its first byte arrives; more bytes do not reset it.
    if (this.splitter.pending === 0) this.partialSince = undefined;
    else if (frames.length || this.partialSince === undefined) this.partialSince = now;
    for (const frame of frames) {
      this.waiting.push(frame);
      this.bytesInFlight += frame.length;
      this.host.reserve(frame.length);
    }
    this.pump();
  }

  /** Hands waiting frames to the gateway in order while the bounds allow, then writes replies in order. */
  private pump(): void {
    if (this.pumping || this.ended) return;
    this.pumping = true;
    try {
      while (this.waiting.length && this.pending.length < this.limits.maxFramesInFlight && !this.replyBlocked()) {
        this.start(this.waiting.shift()!);
      }
    } finally {
      this.pumping = false;
    }
    this.updatePause();
    if (!this.waiting.length && !this.pending.length && !this.deferred) for (const w of this.settledWaiters.splice(0)) w();
  }

  private start(frame: Buffer): void {
    this.host.traffic(this, 'in', frame);
    let result;
    this.heardUnknown = false;
    try {
      result = this.decoder.decode(frame, this.context);
    } catch (error) {
      this.done(frame);
      if (error instanceof DecodeError) {
        this.host.log(`${this.describe()}: ${error.message}; frame skipped`);
        return;
      }
      this.host.log(`${this.describe()}: decoder failed: ${(error as Error).stack ?? String(error)}`);
      this.close('decoder failure');
      return;
    }
    // Pushed before the gateway sees it, so `settled()` called while handling waits for this frame too.
    const entry: PendingFrame = {
      frame,
      reply: result.reply,
      isRefusal: this.heardUnknown,
      verdict: Promise.resolve({ reply: false }),
      ...(result.close ? { close: result.close } : {}),
    };
    this.pending.push(entry);
    let verdict: Promise<FrameVerdict>;
    try {
      verdict = this.host.handleMessages(this, result.messages);
    } catch (error) {
      verdict = Promise.reject(error as Error);
    }
    entry.verdict = verdict;
    verdict.then(
      () => void this.settleHead(),
      () => void this.settleHead(),
    );
  }

  private headBusy = false;
  /** Writes the replies of the frames at the head of the line whose verdict is in, in order. */
  private async settleHead(): Promise<void> {
    if (this.headBusy) return;
    this.headBusy = true;
    try {
      while (this.pending.length && !this.ended) {
        const head = this.pending[0]!;
        let verdict: FrameVerdict;
        try {
          verdict = await head.verdict;
        } catch (error) {
          // Not stored, so not acknowledged: the device keeps the data and sends it again.
          verdict = { reply: false, close: `storing failed: ${(error as Error).message}` };
        }
        if (this.pending[0] !== head) break;
        this.pending.shift();
        this.done(head.frame);
        if (this.ended) break;
        const reply = head.reply !== undefined && (verdict.reply === true || (verdict.reply === 'refusal' && head.isRefusal));
        if (reply) this.write(this.withCommands(head.reply!));
        if (verdict.close) {
          this.close(verdict.close, verdict.quiet, { flush: reply });
          break;
        }
        if (head.close) {
          this.close(head.close, true, { flush: reply });
          break;
        }
      }
    } finally {
      this.headBusy = false;
    }
    this.pump();
  }

  private done(frame: Buffer): void {
    this.bytesInFlight -= frame.length;
    this.host.release(frame.length);
  }

  private replyBlocked(): boolean {
    const blocked = this.socket.writableLength > this.limits.maxUnreadReplyBytes;
    if (blocked) this.unreadSince ??= monotonic();
    else this.unreadSince = undefined;
    return blocked;
  }

  private onDrain(): void {
    this.unreadSince = undefined;
    this.pump();
  }

  private updatePause(): void {
    if (this.ended) return;
    const full =
      this.deferred !== undefined ||
      this.waiting.length >= this.limits.maxFramesInFlight ||
      this.bytesInFlight >= this.limits.maxBytesInFlight ||
      this.replyBlocked() ||
      this.host.overBudget();
    if (full && !this.paused) {
      this.paused = true;
      this.socket.pause();
      if (this.host.overBudget()) this.host.whenBudget(() => this.updatePause());
    } else if (!full && this.paused) {
      this.paused = false;
      this.socket.resume();
    } else if (full && this.host.overBudget()) {
      this.host.whenBudget(() => this.updatePause());
    }
  }

  /**
   * A command for the device: written now, or, for a protocol that carries commands in its
   * replies (`codec.attachCommands`), held for the next reply (at most `MAX_HELD_COMMANDS`; false
   * when that many already wait).
   */
  sendCommand(bytes: Buffer): boolean {
    if (this.ended) return false;
    if (!this.codec.attachCommands) {
      this.write(bytes);
      return true;
    }
    if (this.heldCommands.length >= MAX_HELD_COMMANDS) return false;
    this.heldCommands.push(bytes);
    return true;
  }

  /** The reply with the held commands in it, if it can carry them. */
  private withCommands(reply: Buffer): Buffer {
    if (!this.heldCommands.length || !this.codec.attachCommands) return reply;
    const carried = this.codec.attachCommands(reply, this.heldCommands);
    if (!carried) return reply;
    this.heldCommands = [];
    return carried;
  }

  /** Whether `sendCommand` takes one more command now. */
  get acceptsCommand(): boolean {
    return !this.ended && (!this.codec.attachCommands || this.heldCommands.length < MAX_HELD_COMMANDS);
  }

  write(bytes: Buffer): void {
    if (this.ended) return;
    this.socket.write(bytes);
    this.host.traffic(this, 'out', bytes);
  }

  /** Resolves when every frame received so far has been handled and answered. */
  settled(): Promise<void> {
    if (this.ended || (!this.waiting.length && !this.pending.length && !this.deferred)) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  private describe(): string {
    return `${this.codec.name} ${this.remote}${this.imei ? ` (${this.imei})` : ''}`;
  }

  /** Ends the connection; `flush` lets a refusal written just before reach the device. */
  close(reason: string, quiet = false, { flush = false } = {}): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.throttle);
    if (flush) {
      this.socket.end();
      // A peer that never reads must not keep the socket: destroy it soon whatever happens.
      setTimeout(() => this.socket.destroy(), 2000).unref();
    } else this.socket.destroy();
    for (const entry of this.pending.splice(0)) {
      this.done(entry.frame);
      entry.verdict.catch(() => {});
    }
    for (const frame of this.waiting.splice(0)) this.done(frame);
    this.host.closed(this);
    for (const w of this.settledWaiters.splice(0)) w();
    if (reason !== 'closed' && !quiet) this.host.log(`${this.describe()}: ${reason}`);
  }

  get open(): boolean {
    return !this.ended;
  }

  /** Bytes this connection holds now (splitter buffer + frames in flight): for limits and tests. */
  get heldBytes(): number {
    return this.splitter.pending + this.bytesInFlight + (this.deferred?.length ?? 0);
  }
}
