import type { ProtocolCodec } from '../types.js';
import { MeitrackDecoder } from './decoder.js';
import { encodeMeitrackCommand } from './encoder.js';
import { MeitrackSplitter } from './frame.js';

export const meitrack: ProtocolCodec = {
  name: 'meitrack',
  defaultPort: 5020,
  isBinary: false,
  createSplitter: () => new MeitrackSplitter(),
  createDecoder: () => new MeitrackDecoder(),
  encodeCommand: encodeMeitrackCommand,
};
