/** Time is injected so tests can fix it and journal replay stays deterministic. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** `YYYY-MM-DD` of a UTC instant. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

let cachedSecond = Number.NaN;
let cachedText = '';

/** `YYYY-MM-DD HH:MM:SS` of a UTC instant (the API's date/time format). */
export function utcDateTime(at: Date): string {
  // The device gateway formats the same second thousands of times: remember the last one.
  const second = Math.floor(at.getTime() / 1000);
  if (second !== cachedSecond) {
    cachedText = at.toISOString().slice(0, 19).replace('T', ' ');
    cachedSecond = second;
  }
  return cachedText;
}
