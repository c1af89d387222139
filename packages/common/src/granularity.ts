import { addPeriod } from './interval.ts';

/**
 * A time granularity: `all`, `none`, or a period (Druid's `period` granularity in UTC with optional origin).
 * Named granularities (DAY, HOUR, …) are periods.
 */
export type Granularity =
  | { readonly type: 'all' }
  | { readonly type: 'none' }
  | { readonly type: 'period'; readonly period: string; readonly name?: string };

const NAMED: Record<string, string> = {
  SECOND: 'PT1S',
  MINUTE: 'PT1M',
  FIVE_MINUTE: 'PT5M',
  TEN_MINUTE: 'PT10M',
  FIFTEEN_MINUTE: 'PT15M',
  THIRTY_MINUTE: 'PT30M',
  HOUR: 'PT1H',
  SIX_HOUR: 'PT6H',
  EIGHT_HOUR: 'PT8H',
  DAY: 'P1D',
  WEEK: 'P1W',
  MONTH: 'P1M',
  QUARTER: 'P3M',
  YEAR: 'P1Y',
};

/** Parses a named granularity (`DAY`, `all`, `ALL TIME`, `none`) or an ISO period (`P1D`, `pt1h`). */
export function parseGranularity(text: string): Granularity | undefined {
  const upper = text.trim().toUpperCase().replace(/\s+/g, '_');
  if (upper === 'ALL' || upper === 'ALL_TIME') return { type: 'all' };
  if (upper === 'NONE') return { type: 'none' };
  const named = NAMED[upper];
  if (named) return { type: 'period', period: named, name: upper };
  // Joda reads period designators in either case ('PT1s'); Druid prints them upper-case.
  const period = text.trim().toUpperCase();
  if (/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/.test(period)) {
    const name = Object.entries(NAMED).find(([, p]) => p === period)?.[0];
    return name ? { type: 'period', period, name } : { type: 'period', period };
  }
  return undefined;
}

/** The JSON Druid prints for a granularity in reports and segment payloads. */
export function granularityToJson(g: Granularity): unknown {
  if (g.type !== 'period') return { type: g.type };
  return g.name ? g.name : { type: 'period', period: g.period, timeZone: 'UTC', origin: null };
}

/**
 * Truncates an instant to the start of its bucket. `all` maps every instant to ETERNITY's start;
 * `none` leaves it unchanged. Periods are aligned on the UTC epoch, as Druid's period granularity
 * does, except that a single week floors to Monday.
 */
export function bucketStart(g: Granularity, millis: number): number {
  if (g.type === 'none') return millis;
  if (g.type === 'all') return Number.MIN_SAFE_INTEGER;
  return truncate(g.period, millis);
}

/** The end of the bucket that starts at `start`. */
export function bucketEnd(g: Granularity, start: number): number {
  if (g.type === 'none') return start + 1;
  if (g.type === 'all') return Number.MAX_SAFE_INTEGER;
  return addPeriod(start, g.period);
}

/** Compiled truncations by period: parsing a period per row cost more than the truncation itself. */
const TRUNCATIONS = new Map<string, (millis: number) => number>();

function truncate(period: string, millis: number): number {
  let truncation = TRUNCATIONS.get(period);
  if (!truncation) {
    truncation = compileTruncation(period);
    TRUNCATIONS.set(period, truncation);
  }
  return truncation(millis);
}

function compileTruncation(period: string): (millis: number) => number {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(period);
  if (!m) throw new Error(`Invalid period [${period}]`);
  const [, y, mo, w, d, h, mi, s] = m;
  if (y || mo) {
    // Druid counts month buckets from 1970-01 (so P7M and P2Y align on the epoch, not on year 0).
    const months = Number(y ?? 0) * 12 + Number(mo ?? 0);
    return (millis) => {
      const date = new Date(millis);
      const sinceEpoch = (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth();
      const bucket = Math.floor(sinceEpoch / months) * months;
      return Date.UTC(1970 + Math.floor(bucket / 12), ((bucket % 12) + 12) % 12, 1);
    };
  }
  if (w === '1' && !d && !h && !mi && !s) {
    // A single week floors to Monday, as Joda's week-of-weekyear does; 1970-01-05 was a Monday.
    const size = 7 * 86_400_000;
    const origin = 4 * 86_400_000;
    return (millis) => Math.floor((millis - origin) / size) * size + origin;
  }
  const size = Number(w ?? 0) * 7 * 86_400_000 + Number(d ?? 0) * 86_400_000 + Number(h ?? 0) * 3_600_000 + Number(mi ?? 0) * 60_000 + Number(s ?? 0) * 1000;
  if (size <= 0) throw new Error(`Invalid period [${period}]`);
  return (millis) => Math.floor(millis / size) * size;
}
