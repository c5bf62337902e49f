import type { ProtocolCodec } from '../types.js';
import { SuntechDecoder } from './decoder.js';
import { encodeSuntechCommand } from './encoder.js';
import { SuntechSplitter } from './frame.js';

export const suntech: ProtocolCodec = {
  name: 'suntech',
  defaultPort: 5011,
  isBinary: false,
  createSplitter: () => new SuntechSplitter(),
  createDecoder: () => new SuntechDecoder(),
  encodeCommand: encodeSuntechCommand,
};
