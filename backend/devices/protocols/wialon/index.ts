import type { ProtocolCodec } from '../types.js';
import { WialonDecoder } from './decoder.js';
import { encodeWialonCommand } from './encoder.js';
import { WialonSplitter } from './frame.js';

export const wialon: ProtocolCodec = {
  name: 'wialon',
  defaultPort: 5039,
  isBinary: false,
  createSplitter: () => new WialonSplitter(),
  createDecoder: () => new WialonDecoder(),
  encodeCommand: encodeWialonCommand,
};
