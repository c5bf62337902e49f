import type { ProtocolCodec } from '../types.js';
import { Gt06Decoder } from './decoder.js';
import { encodeGt06Command } from './encoder.js';
import { Gt06Splitter } from './frame.js';

export const gt06: ProtocolCodec = {
  name: 'gt06',
  defaultPort: 5023,
  isBinary: true,
  createSplitter: () => new Gt06Splitter(),
  createDecoder: () => new Gt06Decoder(),
  encodeCommand: encodeGt06Command,
};
