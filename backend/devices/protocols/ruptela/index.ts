import type { ProtocolCodec } from '../types.js';
import { RuptelaDecoder } from './decoder.js';
import { encodeRuptelaCommand } from './encoder.js';
import { RuptelaSplitter } from './frame.js';

export const ruptela: ProtocolCodec = {
  name: 'ruptela',
  defaultPort: 5046,
  isBinary: true,
  createSplitter: () => new RuptelaSplitter(),
  createDecoder: () => new RuptelaDecoder(),
  encodeCommand: encodeRuptelaCommand,
};
