import { consoleCloseCodes, type ConsoleServerFrame, type ConsoleTarget } from './bridge.js';

/**
 * The console WebSocket contract (docs/navixy-api-facts.md §4.9): `/console?device=<device_id>&key=..&timestamp=..&dealer_id=..`
 * on the API's origin; the server sends JSON text frames `{"type":"status","data":[[name,value],...]}`
 * and `{"type":"output","msg":"..."}`; a text frame the client sends is one command.
 */
export function consoleUrl(origin: string, target: ConsoleTarget): string {
  const base = origin.replace(/^http/, 'ws').replace(/\/+$/, '');
  const query = new URLSearchParams({
    device: target.device_id,
    key: target.key,
    timestamp: String(target.timestamp),
    dealer_id: String(target.dealer_id),
  });
  return `${base}/console?${query}`;
}

/** Parses one server text frame; anything that is not a known frame is null (and ignored). */
export function parseConsoleFrame(text: string): ConsoleServerFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const frame = value as { type?: unknown; data?: unknown; msg?: unknown };
  if (frame.type === 'output' && typeof frame.msg === 'string') return { type: 'output', msg: frame.msg };
  if (frame.type === 'status' && Array.isArray(frame.data)) {
    const data: [string, string][] = [];
    for (const pair of frame.data) {
      if (Array.isArray(pair) && pair.length >= 2) data.push([String(pair[0]), String(pair[1])]);
    }
    return { type: 'status', data };
  }
  return null;
}

/** Why a console session ended, in words. `opened` tells a refused connection from a dropped one. */
export function consoleCloseWords(code: number, reason: string, opened: boolean): string {
  if (code === consoleCloseCodes.keyRejected) return 'The console key has expired or was refused. Connect again to get a new key.';
  if (code === consoleCloseCodes.deviceOffline) return 'The device went offline. The console will show output again once it reconnects; connect again then.';
  if (code === consoleCloseCodes.deviceNotFound) return 'No tracker with this device ID belongs to this dealer.';
  if (code === 1000 || code === 1001) return reason ? `Console session ended: ${reason}` : 'Console session ended.';
  // The server refuses a bad or expired key before the upgrade, which a browser sees only as 1006.
  if (!opened)
    return `The console refused the connection${reason ? `: ${reason}` : ''} (code ${code}). The console key may have expired: connect again to get a new one.`;
  return `The console connection was lost${reason ? `: ${reason}` : ''} (code ${code}).`;
}
