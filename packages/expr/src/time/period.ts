import { invalidInput } from '@silt/common';

/**
 * An ISO-8601 period (`P1D`, `PT1H`, `P3M`, `PT15M`, `P1Y2M`, `PT0.5S`) split into Joda's fields,
 * in Joda's field order.
 */
export interface Period {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  readonly millis: number;
}

const PERIOD = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:[.,](\d{1,3}))?S)?)?$/;
const cache = new Map<string, Period>();

/**
 * Parses an ISO-8601 period. Throws an invalid-input error for malformed text or a zero period.
 *
 * @example parsePeriod('PT1H').hours // 1
 */
export function parsePeriod(text: string): Period {
  const cached = cache.get(text);
  if (cached) return cached;
  const m = PERIOD.exec(text.trim().toUpperCase());
  if (!m || text.trim().toUpperCase().endsWith('T')) throw invalidInput(`Invalid period [${text}]`);
  const n = (i: number): number => Number(m[i] ?? 0);
  const period: Period = Object.freeze({
    years: n(1),
    months: n(2),
    weeks: n(3),
    days: n(4),
    hours: n(5),
    minutes: n(6),
    seconds: n(7),
    millis: m[8] ? Number(m[8].padEnd(3, '0')) : 0,
  });
  if (fieldValues(period).every((v) => v === 0)) throw invalidInput(`Invalid period [${text}]: zero period is not acceptable`);
  if (cache.size > 10_000) cache.clear();
  cache.set(text, period);
  return period;
}

/** The period's field values in Joda's order: years, months, weeks, days, hours, minutes, seconds, millis. */
export function fieldValues(p: Period): number[] {
  return [p.years, p.months, p.weeks, p.days, p.hours, p.minutes, p.seconds, p.millis];
}

/** True when more than one field is non-zero (Druid's "compound" period). */
export function isCompound(p: Period): boolean {
  return fieldValues(p).filter((v) => v !== 0).length > 1;
}

/** The period's length in millis assuming 24-hour days and 7-day weeks (Joda's standard duration); months and years are not allowed. */
export function standardMillis(p: Period): number {
  return p.weeks * 604_800_000 + p.days * 86_400_000 + p.hours * 3_600_000 + p.minutes * 60_000 + p.seconds * 1000 + p.millis;
}
