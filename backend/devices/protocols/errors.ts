/** The stream cannot be cut into frames (garbage or oversize): drop this one connection. */
export class FrameError extends Error {
  override readonly name = 'FrameError';
  constructor(
    readonly protocol: string,
    message: string,
  ) {
    super(`${protocol}: ${message}`);
  }
}

/** One frame is malformed: skip it (no reply, no messages); the connection and decoder live on. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(
    readonly protocol: string,
    message: string,
  ) {
    super(`${protocol}: ${message}`);
  }
}

/** The protocol cannot carry this command. */
export class EncodeError extends Error {
  override readonly name = 'EncodeError';
  constructor(
    readonly protocol: string,
    message: string,
  ) {
    super(`${protocol}: ${message}`);
  }
}
