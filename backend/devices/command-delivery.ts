import type { Clock } from '../../shared/clock.js';
import { Code } from '../../shared/errors.js';
import { ApiError } from '../api/api-error.js';
import type { DeviceCommands } from '../storage/repositories/commands.js';
import type { DeviceSources } from '../storage/repositories/sources.js';
import type { ConsoleHub } from './console-hub.js';
import type { DeviceSession } from './device-session.js';
import { EncodeError } from './protocols/errors.js';
import { protocols } from './protocols/index.js';
import type { ProtocolCodec } from './protocols/types.js';

/**
 * Commands to devices: sent at once to a connected device, or (reliable ones) queued in the
 * database and sent each time the device connects until it answers; replies filed against the
 * command they answer.
 */
export class CommandDelivery {
  constructor(
    private readonly commands: DeviceCommands,
    private readonly sources: Pick<DeviceSources, 'commandTarget'>,
    private readonly sessionOf: (sourceId: number) => DeviceSession | undefined,
    private readonly console: ConsoleHub,
    private readonly clock: Clock,
  ) {}

  private codecFor(protocol: string): ProtocolCodec {
    const codec = (protocols as Record<string, ProtocolCodec>)[protocol];
    if (!codec) throw new ApiError(Code.NotSupportedByDevice);
    return codec;
  }

  private encode(codec: ProtocolCodec, session: DeviceSession | undefined, imei: string, command: string, type: 'text' | 'hex', id: number): Buffer {
    return codec.encodeCommand({
      kind: type,
      payload: command,
      imei,
      serial: session ? (session.commandSerial = (session.commandSerial + 1) & 0xffff) : 0,
      serverFlag: id,
      time: this.clock.now(),
    });
  }

  /**
   * Sends (or, for a reliable command to an offline device, queues) a command.
   * 214 when the device's protocol cannot carry it; 213 when unreliable and the device is offline.
   */
  async send(sourceId: number, command: string, type: 'text' | 'hex', reliable: boolean): Promise<{ id: number; sent: boolean }> {
    const source = await this.sources.commandTarget(sourceId);
    if (!source) throw new ApiError(Code.NotFound);
    const codec = this.codecFor(source.protocol);
    try {
      this.encode(codec, undefined, source.device_id, command, type, 0);
    } catch (error) {
      if (error instanceof EncodeError)
        throw new ApiError(Code.NotSupportedByDevice, {}, `Requested operation or parameters are not supported by the device: ${error.message}`);
      throw error;
    }
    const session = this.sessionOf(sourceId);
    // A request/response connection holding its most commands counts as offline for a new one.
    const online = session?.open === true && session.acceptsCommand;
    if (!online && !reliable) throw new ApiError(Code.DeviceOffline);
    const id = await this.commands.add(source.dealer_id, sourceId, command, type, reliable, online);
    if (online && this.sessionOf(sourceId) === session) {
      session!.sendCommand(this.encode(codec, session, source.device_id, command, type, id));
      this.console.publish(sourceId, { type: 'output', msg: `command: ${command}` });
    }
    return { id, sent: online };
  }

  /** Sends a (re)connected device every reliable command it has not answered yet. */
  async deliverOpen(session: DeviceSession): Promise<void> {
    const sourceId = session.sourceId;
    if (sourceId === undefined || !session.open) return;
    const open = await this.commands.open(sourceId);
    // The connection may have ended, or speak for another source, while the commands were read.
    if (!open.length || !session.open || session.sourceId !== sourceId) return;
    const sent = open.filter((row) => session.sendCommand(this.encode(session.codec, session, session.imei!, row.command, row.type, row.id)));
    await this.commands.markSent(sent.filter((r) => r.status === 'pending').map((r) => r.id));
  }

  /** Files a device's reply (`ref`: the command id it echoed, if the protocol carries one); durable when it resolves. */
  answer(sourceId: number, reply: string, ref?: number): Promise<unknown> {
    return this.commands.answer(sourceId, reply, ref);
  }
}
