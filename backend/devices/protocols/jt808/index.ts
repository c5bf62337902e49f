import type { ProtocolCodec } from '../types.js';
import { Jt808Decoder } from './decoder.js';
import { encodeJt808Command } from './encoder.js';
import { Jt808Splitter } from './frame.js';

export const jt808: ProtocolCodec = {
  name: 'jt808',
  defaultPort: 5015,
  isBinary: true,
  createSplitter: () => new Jt808Splitter(),
  createDecoder: () => new Jt808Decoder(),
  encodeCommand: encodeJt808Command,
};
