import type { ProtocolCodec } from '../types.js';
import { OsmAndDecoder } from './decoder.js';
import { attachOsmAndCommands, encodeOsmAndCommand } from './encoder.js';
import { HttpSplitter } from './frame.js';

export const osmand: ProtocolCodec = {
  name: 'osmand',
  defaultPort: 5055,
  isBinary: false,
  createSplitter: () => new HttpSplitter(),
  createDecoder: () => new OsmAndDecoder(),
  encodeCommand: encodeOsmAndCommand,
  attachCommands: attachOsmAndCommands,
  // An HTTP client reconnects when it needs to: idle keep-alive connections and slow requests go early.
  idleTimeoutMs: 2 * 60 * 1000,
  partialFrameTimeoutMs: 15 * 1000,
};
