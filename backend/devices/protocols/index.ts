import { gps103 } from './gps103/index.js';
import { gt06 } from './gt06/index.js';
import { h02 } from './h02/index.js';
import { jt808 } from './jt808/index.js';
import { meitrack } from './meitrack/index.js';
import { osmand } from './osmand/index.js';
import { queclink } from './queclink/index.js';
import { ruptela } from './ruptela/index.js';
import { suntech } from './suntech/index.js';
import { teltonika } from './teltonika/index.js';
import { wialon } from './wialon/index.js';
import type { ProtocolCodec, ProtocolName } from './types.js';

export const protocols: Record<ProtocolName, ProtocolCodec> = { teltonika, gt06, h02, jt808, ruptela, suntech, queclink, gps103, wialon, osmand, meitrack };

export { DecodeError, EncodeError, FrameError } from './errors.js';
export type * from './types.js';
