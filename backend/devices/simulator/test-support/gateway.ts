/**
 * A tiny device gateway for tests: one TCP listener that runs the REAL protocol splitter and
 * decoder on every connection and writes back exactly the reply the decoder produces. No backend,
 * no storage. Hooks let a test tamper with replies or stay silent.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { DecodeError, protocols } from '../../protocols/index.js';
import type { DecodeContext, DecodeResult, DeviceCommand, ProtocolName } from '../../protocols/types.js';
import type { DeviceMessage } from '../../vocabulary.js';

export interface TestGatewayOptions {
  registered?: (imei: string) => boolean;
  /** Replaces the decoder's reply (return undefined to send nothing). */
  reply?: (reply: Buffer | undefined, result: DecodeResult, frame: Buffer) => Buffer | undefined;
  now?: () => Date;
  port?: number; // default: any free port
}

export interface TestGateway {
  port: number;
  /** Every decoded message, with the IMEI of its connection (when known). */
  messages: { imei: string | undefined; message: DeviceMessage }[];
  /** Frames whose CRC or length check failed, and frames the decoder rejected. */
  badFrames: { frame: Buffer; reason: string }[];
  connections: number;
  /** Sends a command to the device with this IMEI (its latest connection). */
  send(imei: string, command: Omit<DeviceCommand, 'imei'>): void;
  /** Resolves once `predicate` holds, checked after every frame (or rejects after `timeoutMs`). */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTestGateway(protocol: ProtocolName, options: TestGatewayOptions = {}): Promise<TestGateway> {
  const codec = protocols[protocol];
  const sockets = new Map<string, Socket>();
  const all = new Set<Socket>();
  const waiters = new Set<() => void>();
  const context: DecodeContext = { now: options.now ?? (() => new Date()), registered: options.registered ?? (() => true) };
  const gateway: Omit<TestGateway, 'port'> & { port: number } = {
    port: 0,
    messages: [],
    badFrames: [],
    connections: 0,
    send(imei, command) {
      const socket = sockets.get(imei);
      if (!socket) throw new Error(`device ${imei} is not connected`);
      socket.write(codec.encodeCommand({ ...command, imei }));
    },
    waitFor(predicate, timeoutMs = 10_000) {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`condition not met within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close() {
      for (const socket of all) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((socket) => {
    gateway.connections++;
    all.add(socket);
    socket.on('close', () => all.delete(socket));
    socket.on('error', () => undefined);
    const splitter = codec.createSplitter();
    const decoder = codec.createDecoder();
    let imei: string | undefined;
    socket.on('data', (chunk: Buffer) => {
      let frames: Buffer[];
      try {
        frames = splitter.push(chunk);
      } catch (error) {
        gateway.badFrames.push({ frame: chunk, reason: `splitter: ${(error as Error).message}` });
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        let result: DecodeResult;
        try {
          result = decoder.decode(frame, context);
        } catch (error) {
          if (!(error instanceof DecodeError)) throw error;
          gateway.badFrames.push({ frame, reason: error.message });
          continue;
        }
        if (result.integrity.crcOk === false || result.integrity.lengthOk === false) {
          gateway.badFrames.push({ frame, reason: `integrity ${JSON.stringify(result.integrity)}` });
        }
        for (const message of result.messages) {
          if (message.type === 'login') {
            imei = message.imei;
            sockets.set(imei, socket);
          }
          gateway.messages.push({ imei, message });
        }
        const reply = options.reply ? options.reply(result.reply, result, frame) : result.reply;
        if (reply && !socket.destroyed) socket.write(reply);
        for (const waiter of [...waiters]) waiter();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  gateway.port = (server.address() as AddressInfo).port;
  return gateway;
}

/** Polls `predicate` every 10 ms until it holds (or rejects after `timeoutMs`); it may read the database (a promise). */
export async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
