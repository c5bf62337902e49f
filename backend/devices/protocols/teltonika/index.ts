import type { ProtocolCodec } from '../types.js';
import { TeltonikaDecoder } from './decoder.js';
import { encodeTeltonikaCommand } from './encoder.js';
import { TeltonikaSplitter } from './frame.js';

export const teltonika: ProtocolCodec = {
  name: 'teltonika',
  defaultPort: 5027,
  isBinary: true,
  createSplitter: () => new TeltonikaSplitter(),
  createDecoder: () => new TeltonikaDecoder(),
  encodeCommand: encodeTeltonikaCommand,
};
