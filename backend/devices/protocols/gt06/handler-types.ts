import type { DeviceMessage } from '../../vocabulary.js';
import type { ByteReader } from '../reader.js';

/** One frame cut into its parts; `content` spans the bytes between the type and the serial. */
export interface Gt06Frame {
  extended: boolean;
  type: number;
  content: ByteReader;
  serial: number; // the 2 bytes before the CRC, echoed in the ACK
}

/** What a message handler returns: messages, and the reply when it is not the standard ACK. */
export interface Handled {
  messages: DeviceMessage[];
  reply?: Buffer | 'none';
}
