/**
 * The Navixy error-code table (spec-era wording) with the HTTP status each code answers with.
 * Source: ../shared/spec/navixy-notes.md §1.5. A blank HTTP column there means 400.
 */
export interface ErrorInfo {
  description: string;
  http: number;
}

const table: Record<number, [string, number?]> = {
  1: ['Database error', 500],
  2: ['Service Auth error', 403],
  3: ['Wrong user hash'],
  4: ['User not found or session ended'],
  5: ['Wrong request format'],
  6: ['Unexpected error', 500],
  7: ['Invalid parameters'],
  8: ['Queue service error, try again later', 503],
  9: ['Too large request', 412],
  11: ['Access denied', 403],
  12: ['Dealer not found'],
  13: ['Operation not permitted', 403],
  14: ['Database unavailable', 503],
  15: ['Too many requests (rate limit exceeded)', 429],
  101: ['In demo mode this function is disabled', 403],
  102: ['Wrong login or password'],
  103: ['User not activated'],
  111: ['Wrong handler'],
  112: ['Wrong method'],
  201: ['Not found in database'],
  202: ['Too many points in zone'],
  203: ['Delete entity associated with'],
  204: ['Entity not found', 404],
  206: ['Login already in use'],
  207: ['Invalid captcha'],
  208: ['Device blocked', 403],
  209: ['Failed sending email'],
  210: ['Geocoding failed'],
  211: ['Requested time span is too big'],
  212: ['Requested limit is too big'],
  213: ['Cannot perform action: the device is offline'],
  214: ['Requested operation or parameters are not supported by the device'],
  215: ['External service error'],
  217: ['List contains nonexistent entities'],
  218: ['Malformed external service parameters'],
  219: ['Not allowed for clones of the device', 403],
  220: ['Unknown device model'],
  221: ['Device limit exceeded', 403],
  222: ['Plugin not found'],
  223: ['Phone number already in use'],
  224: ['Device ID already in use'],
  225: ['Not allowed for this legal type', 403],
  226: ['Wrong ICCID'],
  227: ['Wrong activation code'],
  228: ['Not supported by sensor'],
  229: ['Requested data is not ready yet', 404],
  230: ['Not supported for this entity type'],
  231: ['Entity type mismatch', 409],
  232: ['Input already in use'],
  233: ['No data file'],
  234: ['Invalid data format'],
  235: ['Missing calibration data'],
  236: ['Feature unavailable due to tariff restrictions', 402],
  237: ['Invalid tariff'],
  238: ['Changing tariff is not allowed', 403],
  239: ["New tariff doesn't exist", 404],
  240: ['Not allowed to change tariff too frequently', 403],
  241: ['Cannot change phone to bundled sim. Contact tech support.'],
  242: ['There were errors during content validation'],
  243: ['Device already connected.'],
  244: ['Duplicate entity label.'],
  245: ['New password must be different'],
  246: ['Invalid user ID'],
  247: ['Entity already exists', 409],
  248: ['Wrong password'],
  249: ['Operation available for clones only', 403],
  250: ['Not allowed for deleted devices', 403],
  251: ['Insufficient funds', 403],
  252: ['Device already corrupted'],
  253: ['Device has clones'],
  254: ['Cannot save file', 500],
  255: ['Invalid task state'],
  256: ['Location already actual'],
  257: ['Registration forbidden', 403],
  258: ['Bundle not found', 404],
  259: ['Payments count not comply with summary'],
  260: ['Payments sum not comply with summary'],
  261: ['Entity has external links', 403],
  262: ['Entries list is missing some entries or contains nonexistent entries'],
  263: ['No change needed, old and new values are the same'],
  264: ['Timeout not reached', 403],
  265: ['Already done', 403],
  266: ['Cannot perform action for the device in current status', 403],
  267: ['Too many entities'],
  268: ['Over quota', 402],
  269: ['Invalid file state'],
  270: ['Too many sensors of same type already exist'],
  271: ['File over max size', 413],
};

export type ErrorCode = keyof typeof table;

export function errorInfo(code: number): ErrorInfo {
  const row = table[code];
  if (!row) return { description: 'Unexpected error', http: 500 };
  return { description: row[0], http: row[1] ?? 400 };
}

export function isKnownErrorCode(code: number): boolean {
  return code in table;
}

/** Codes after which a client must sign in again (the admin UI treats these as "session invalid"). */
export const sessionInvalidCodes: ReadonlySet<number> = new Set([2, 3, 4, 11, 103]);
