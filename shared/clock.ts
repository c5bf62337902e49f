/** Time is injected so tests can fix it and journal replay stays deterministic. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** `YYYY-MM-DD` of a UTC instant. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:MM:SS` of a UTC instant (the API's date/time format). */
export function utcDateTime(at: Date): string {
  return at.toISOString().slice(0, 19).replace('T', ' ');
}

