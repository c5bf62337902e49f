import type { ProtocolCodec } from '../types.js';
import { H02Decoder } from './decoder.js';
import { encodeH02Command } from './encoder.js';
import { H02Splitter } from './frame.js';

export const h02: ProtocolCodec = {
  name: 'h02',
  defaultPort: 5013,
  isBinary: false,
  createSplitter: () => new H02Splitter(),
  createDecoder: () => new H02Decoder(),
  encodeCommand: encodeH02Command,
};
