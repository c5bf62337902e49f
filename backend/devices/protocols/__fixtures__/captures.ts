/**
 * Types for `device-captures.json` (real frames from Traccar's test suite with Traccar's own
 * decoded output and replies) and a parser. Tests read the file themselves, relative to the test.
 */
export interface TraccarPosition {
  fixTime: string | null;
  deviceTime: string | null;
  outdated: boolean; // true: Traccar had no fix in this frame and copied the last known one
  valid: boolean;
  latitude: number;
  longitude: number;
  altitude: number;
  speedKnots: number;
  course: number;
  attributes: Record<string, unknown>;
}

export interface TraccarResponse {
  hex?: string;
  text?: string;
  nondeterministic?: string; // the reply carries the server time
}

export interface Capture {
  id: string;
  hex: string;
  text?: string;
  assert: string; // 'frame' entries test Traccar's frame decoder, the rest its protocol decoder
  expect: unknown;
  modelOverride?: string;
  extended?: boolean;
  disabled?: boolean;
  decoder?: string;
  newConnection?: boolean; // device-captures-2: the test started a fresh decoder here
  decoderConfig?: Record<string, unknown>;
  frame?: { kind?: string; crcOk?: boolean; lengthOk?: boolean; stopOk?: boolean; protocolNumber?: string };
  traccar?: {
    result?: string;
    positions?: TraccarPosition[];
    responses?: TraccarResponse[];
    frames?: string[];
  };
}

export interface EncodingVector {
  id: string;
  kind: 'command' | 'response' | 'crc';
  protocol: string | null;
  usedBy?: string | null;
  command?: { type: string; attributes: Record<string, string | number>; deviceUniqueId: string };
  hex: string;
  text?: string;
  time?: string; // HH:MM:SS the H02 encoder test fixed
  inputHex?: string;
  inputId?: string;
  responses?: TraccarResponse[];
  inputAscii?: string;
  expected?: string;
  asserted?: boolean;
}

export interface CaptureFile {
  teltonika: Capture[];
  gt06: Capture[];
  h02: Capture[];
  encoder: EncodingVector[];
}

/** `device-captures-2.json`: the next families, same entry format. */
export type Wave2Family = 'jt808' | 'gl200' | 'gps103' | 'osmand' | 'meitrack' | 'suntech' | 'ruptela' | 'wialon';
export type CaptureFile2 = Record<Wave2Family, Capture[]>;

export function parseCaptures2(json: string): CaptureFile2 {
  return JSON.parse(json) as CaptureFile2;
}

export function parseCaptures(json: string): CaptureFile {
  return JSON.parse(json) as CaptureFile;
}

/** Protocol-decoder entries (not frame-splitter vectors), in fixture order. */
export function decoderEntries(list: Capture[]): Capture[] {
  return list.filter((entry) => entry.assert !== 'frame');
}

/** Frame-splitter vectors: input bytes and the frames Traccar's frame decoder cut from them. */
export function splitterEntries(list: Capture[]): Capture[] {
  return list.filter((entry) => entry.assert === 'frame');
}
