import type { ProtocolName } from '../../protocols/types.js';
import { Gps103Firmware } from './gps103.js';
import { Gt06Firmware, type Gt06FirmwareOptions } from './gt06.js';
import { H02Firmware, type H02FirmwareOptions } from './h02.js';
import { Jt808Firmware } from './jt808.js';
import { MeitrackFirmware } from './meitrack.js';
import { OsmAndFirmware } from './osmand.js';
import { QueclinkFirmware } from './queclink.js';
import { RuptelaFirmware } from './ruptela.js';
import { SuntechFirmware } from './suntech.js';
import { TeltonikaFirmware, type TeltonikaFirmwareOptions } from './teltonika.js';
import type { Firmware } from './types.js';
import { WialonFirmware } from './wialon.js';

export interface FirmwareOptions {
  teltonika?: TeltonikaFirmwareOptions;
  gt06?: Gt06FirmwareOptions;
  h02?: H02FirmwareOptions;
}

/** The protocols with a simulated firmware (`simulate --protocol`). */
export const SIMULATED_PROTOCOLS = [
  'teltonika',
  'gt06',
  'h02',
  'jt808',
  'ruptela',
  'suntech',
  'queclink',
  'gps103',
  'wialon',
  'meitrack',
  'osmand',
] as const satisfies readonly ProtocolName[];
export type SimulatedProtocol = (typeof SIMULATED_PROTOCOLS)[number];

export function isSimulated(protocol: string): protocol is SimulatedProtocol {
  return (SIMULATED_PROTOCOLS as readonly string[]).includes(protocol);
}

export function createFirmware(protocol: ProtocolName, imei: string, options: FirmwareOptions = {}): Firmware {
  switch (protocol) {
    case 'teltonika':
      return new TeltonikaFirmware(imei, options.teltonika);
    case 'gt06':
      return new Gt06Firmware(imei, options.gt06);
    case 'h02':
      return new H02Firmware(imei, options.h02);
    case 'jt808':
      return new Jt808Firmware(imei);
    case 'ruptela':
      return new RuptelaFirmware(imei);
    case 'suntech':
      return new SuntechFirmware(imei);
    case 'queclink':
      return new QueclinkFirmware(imei);
    case 'gps103':
      return new Gps103Firmware(imei);
    case 'wialon':
      return new WialonFirmware(imei);
    case 'meitrack':
      return new MeitrackFirmware(imei);
    case 'osmand':
      return new OsmAndFirmware(imei);
    default:
      // `simulate` refuses these before a device is made (isSimulated).
      throw new Error(`no simulated firmware for ${protocol}`);
  }
}

export {
  Gps103Firmware,
  Gt06Firmware,
  H02Firmware,
  Jt808Firmware,
  MeitrackFirmware,
  QueclinkFirmware,
  RuptelaFirmware,
  SuntechFirmware,
  TeltonikaFirmware,
  WialonFirmware,
};
export type * from './types.js';
