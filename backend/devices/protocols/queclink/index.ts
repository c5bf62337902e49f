import type { ProtocolCodec } from '../types.js';
import { QueclinkDecoder } from './decoder.js';
import { encodeQueclinkCommand } from './encoder.js';
import { QueclinkSplitter } from './frame.js';

export const queclink: ProtocolCodec = {
  name: 'queclink',
  defaultPort: 5004,
  isBinary: false,
  createSplitter: () => new QueclinkSplitter(),
  createDecoder: () => new QueclinkDecoder(),
  encodeCommand: encodeQueclinkCommand,
};
