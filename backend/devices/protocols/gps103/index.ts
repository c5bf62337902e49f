import type { ProtocolCodec } from '../types.js';
import { Gps103Decoder } from './decoder.js';
import { encodeGps103Command } from './encoder.js';
import { Gps103Splitter } from './frame.js';

export const gps103: ProtocolCodec = {
  name: 'gps103',
  defaultPort: 5001,
  isBinary: false,
  createSplitter: () => new Gps103Splitter(),
  createDecoder: () => new Gps103Decoder(),
  encodeCommand: encodeGps103Command,
};
