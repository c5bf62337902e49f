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

/** The UTC day after `YYYY-MM-DD`. */
export function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return utcDate(d);
}

/** The first day of the UTC month after the one holding `YYYY-MM-DD`. */
export function firstOfNextMonth(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return utcDate(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)));
}
