/**
 * Half-open time intervals in epoch milliseconds, printed as ISO-8601 UTC `start/end` like Druid.
 */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/**
 * Druid's ETERNITY. Druid's bounds (Long.MIN_VALUE/2, Long.MAX_VALUE/2) exceed a double's exact range,
 * so Silt uses the safe-integer limits and prints them as Druid prints its own.
 */
export const ETERNITY: Interval = Object.freeze({ start: Number.MIN_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER });

const ETERNITY_TEXT = '-146136543-09-08T08:23:32.096Z/146140482-04-24T15:36:27.903Z';

/** Formats one instant as Druid prints it (`2015-09-12T00:00:00.000Z`). */
export function formatInstant(millis: number): string {
  if (millis <= ETERNITY.start) return '-146136543-09-08T08:23:32.096Z';
  if (millis >= ETERNITY.end) return '146140482-04-24T15:36:27.903Z';
  return new Date(millis).toISOString();
}

/** `start/end` in ISO-8601 UTC. */
export function formatInterval(interval: Interval): string {
  if (interval.start <= ETERNITY.start && interval.end >= ETERNITY.end) return ETERNITY_TEXT;
  return `${formatInstant(interval.start)}/${formatInstant(interval.end)}`;
}

/**
 * Parses `start/end` (ISO instants or dates, also `start/PERIOD`). Throws on malformed text.
 */
export function parseInterval(text: string): Interval {
  if (text === ETERNITY_TEXT) return ETERNITY;
  const parts = text.split('/');
  if (parts.length !== 2) throw new Error(`Invalid interval [${text}]`);
  const start = parseInstant(parts[0]!);
  const end = parts[1]!.startsWith('P') ? addPeriod(start, parts[1]!) : parseInstant(parts[1]!);
  if (!(end >= start)) throw new Error(`Invalid interval [${text}]: end before start`);
  return { start, end };
}

/** Parses an ISO-8601 instant or date (UTC unless an offset is given). Throws on malformed text. */
export function parseInstant(text: string): number {
  const t = text.trim();
  let normalized = t;
  if (/^\d{4}$/.test(t)) normalized = `${t}-01-01T00:00:00Z`;
  else if (/^\d{4}-\d{2}$/.test(t)) normalized = `${t}-01T00:00:00Z`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(t)) normalized = `${t}T00:00:00Z`;
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(t)) normalized = `${t.replace(' ', 'T')}Z`;
  const millis = Date.parse(normalized);
  if (Number.isNaN(millis)) throw new Error(`Invalid instant [${text}]`);
  return millis;
}

/** True when the two intervals share at least one instant. */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/** True when `outer` contains all of `inner`. */
export function contains(outer: Interval, inner: Interval): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** Adds an ISO-8601 period (P1D, PT1H, P1M, P1Y, P1W, PT15M, …) to an instant, in UTC. */
export function addPeriod(millis: number, period: string, times = 1): number {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(period);
  if (!m) throw new Error(`Invalid period [${period}]`);
  const [, y, mo, w, d, h, mi, s] = m;
  const date = new Date(millis);
  if (y || mo) {
    // Joda semantics: adding months clamps the day to the target month's last day (Jan 31 + P1M = Feb 28).
    const day = date.getUTCDate();
    date.setUTCDate(1);
    date.setUTCMonth(date.getUTCMonth() + times * (Number(y ?? 0) * 12 + Number(mo ?? 0)));
    const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    date.setUTCDate(Math.min(day, lastDay));
  }
  let delta = 0;
  delta += Number(w ?? 0) * 7 * 86_400_000;
  delta += Number(d ?? 0) * 86_400_000;
  delta += Number(h ?? 0) * 3_600_000;
  delta += Number(mi ?? 0) * 60_000;
  delta += Number(s ?? 0) * 1000;
  return date.getTime() + times * delta;
}

/** Merges overlapping or abutting intervals into a sorted, disjoint list. */
export function condenseIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv.start <= last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, iv.end) };
    else out.push(iv);
  }
  return out;
}
