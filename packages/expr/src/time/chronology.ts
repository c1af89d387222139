import { type Period, fieldValues, isCompound, standardMillis } from './period.ts';
import type { TimeZone } from './time-zone.ts';

/**
 * ISO calendar arithmetic in a time zone, following Joda's zoned ISO chronology: date fields (years,
 * months, weeks, days) work on wall-clock time, time fields (hours and below) on the UTC timeline.
 * On top of it, `floorToPeriod` reproduces Druid's `PeriodGranularity.bucketStart`.
 */

const SECOND = 1000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** A calendar unit of Joda's duration fields. */
type CalendarUnit = 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second' | 'millisecond';

const TIME_UNIT_MILLIS: Partial<Record<CalendarUnit, number>> = { hour: HOUR, minute: MINUTE, second: SECOND, millisecond: 1 };

/** Adds whole months to wall-clock millis, clamping the day of month (Jan 31 + 1 month = Feb 28/29). */
function addMonthsLocal(local: number, months: number): number {
  if (months === 0) return local;
  const d = new Date(local);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const day = Math.min(d.getUTCDate(), daysInMonth(year, month));
  const out = new Date(local);
  out.setUTCFullYear(year, month, day);
  return out.getTime();
}

/** Days in `month` (0-based) of `year`. */
function daysInMonth(year: number, month: number): number {
  return month === 1 ? (isLeapYear(year) ? 29 : 28) : DAYS_IN_MONTH[month]!;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True for ISO leap years. */
function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Adds `amount` units to the instant `t` in `zone`. */
function addUnit(t: number, unit: CalendarUnit, amount: number, zone: TimeZone): number {
  if (amount === 0) return t;
  const precise = TIME_UNIT_MILLIS[unit];
  if (precise !== undefined) return t + amount * precise;
  const local = zone.toLocal(t);
  switch (unit) {
    case 'year':
      return zone.fromLocal(addMonthsLocal(local, amount * 12));
    case 'month':
      return zone.fromLocal(addMonthsLocal(local, amount));
    case 'week':
      return zone.fromLocal(local + amount * WEEK);
    default:
      return zone.fromLocal(local + amount * DAY);
  }
}

/** Whole units from `subtrahend` to `minuend`, truncated toward zero (Joda's `getDifference`). */
function unitDifference(minuend: number, subtrahend: number, unit: CalendarUnit, zone: TimeZone): number {
  const precise = TIME_UNIT_MILLIS[unit];
  if (precise !== undefined) return Math.trunc((minuend - subtrahend) / precise);
  const a = zone.toLocal(minuend);
  const b = zone.toLocal(subtrahend);
  if (unit === 'day') return Math.trunc((a - b) / DAY);
  if (unit === 'week') return Math.trunc((a - b) / WEEK);
  const perUnit = unit === 'year' ? 12 : 1;
  const da = new Date(a);
  const db = new Date(b);
  let diff = Math.trunc((da.getUTCFullYear() * 12 + da.getUTCMonth() - (db.getUTCFullYear() * 12 + db.getUTCMonth())) / perUnit);
  if (diff > 0 && addMonthsLocal(b, diff * perUnit) > a) diff--;
  else if (diff < 0 && addMonthsLocal(b, diff * perUnit) < a) diff++;
  return diff;
}

/** Truncates `t` to the start of its `unit` in `zone` (Joda's `roundFloor`); weeks start on Monday. */
function floorUnit(t: number, unit: CalendarUnit, zone: TimeZone): number {
  const precise = TIME_UNIT_MILLIS[unit];
  if (precise !== undefined) {
    const offset = zone.offsetAt(t);
    const local = t + offset;
    return local - mod(local, precise) - offset;
  }
  return zone.fromLocal(floorLocal(zone.toLocal(t), unit));
}

type DateUnit = 'year' | 'month' | 'week' | 'day';

/** Truncates wall-clock millis to the start of a date unit. */
function floorLocal(local: number, unit: CalendarUnit): number {
  const dayStart = local - mod(local, DAY);
  switch (unit) {
    case 'day':
      return dayStart;
    case 'week':
      return dayStart - (isoDayOfWeek(dayStart) - 1) * DAY;
    case 'month': {
      const d = new Date(dayStart);
      return localMillis(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)!;
    }
    default:
      return localMillis(new Date(dayStart).getUTCFullYear(), 1, 1)!;
  }
}

/** The wall-clock start of the unit after the one starting at `localStart`. */
function nextLocal(localStart: number, unit: DateUnit): number {
  switch (unit) {
    case 'day':
      return localStart + DAY;
    case 'week':
      return localStart + WEEK;
    case 'month':
      return addMonthsLocal(localStart, 1);
    default:
      return addMonthsLocal(localStart, 12);
  }
}

/** ISO day of week (1 = Monday … 7 = Sunday) of wall-clock millis. */
export function isoDayOfWeek(local: number): number {
  const dow = new Date(local).getUTCDay();
  return dow === 0 ? 7 : dow;
}

/** Non-negative remainder. */
function mod(a: number, b: number): number {
  const r = a % b;
  return r < 0 ? r + b : r;
}

/** Adds a period `scalar` times (Joda's `chronology.add(period, t, scalar)`: each field in order). */
export function addPeriodIn(t: number, p: Period, scalar: number, zone: TimeZone): number {
  let out = t;
  out = addUnit(out, 'year', p.years * scalar, zone);
  out = addUnit(out, 'month', p.months * scalar, zone);
  out = addUnit(out, 'week', p.weeks * scalar, zone);
  out = addUnit(out, 'day', p.days * scalar, zone);
  out = addUnit(out, 'hour', p.hours * scalar, zone);
  out = addUnit(out, 'minute', p.minutes * scalar, zone);
  out = addUnit(out, 'second', p.seconds * scalar, zone);
  return addUnit(out, 'millisecond', p.millis * scalar, zone);
}

/**
 * The start of the period bucket holding `t`: Druid's `PeriodGranularity(period, origin, zone)
 * .bucketStart(t)`. Without an origin, single-unit periods of 1 floor to the calendar unit and longer
 * ones align on 1970-01-01T00:00 wall-clock time in the zone.
 *
 * @example floorToPeriod(Date.parse('2015-09-12T13:45:00Z'), parsePeriod('PT1H'), null, UTC) // 2015-09-12T13:00Z
 */
export function floorToPeriod(t: number, p: Period, origin: number | null, zone: TimeZone): number {
  const hasOrigin = origin !== null;
  const o = origin ?? zone.fromLocal(0);
  if (isCompound(p)) {
    if (zone.fixed && p.years === 0 && p.months === 0) {
      const size = standardMillis(p);
      let offset = (t % size) - (o % size);
      if (offset < 0) offset += size;
      return t - offset;
    }
    return floorCompound(t, p, o, zone);
  }
  const single = (unit: CalendarUnit, n: number): number => {
    if (n > 1 || hasOrigin) return alignFromOrigin(t, unit, n, o, zone);
    return floorUnit(t, unit, zone);
  };
  if (p.years > 0) return single('year', p.years);
  if (p.months > 0) return single('month', p.months);
  if (p.weeks > 0) return single('week', p.weeks);
  if (p.days > 0) return single('day', p.days);
  if (p.hours > 0) {
    if (p.hours === 1 && !hasOrigin) return floorUnit(t, 'hour', zone);
    // Druid's hour alignment has its own rounding rules around the origin's sign.
    let h = unitDifference(t, o, 'hour', zone);
    h -= h % p.hours;
    const tt = o + h * HOUR;
    if (t < tt && o > 0) return tt - p.hours * HOUR;
    if (t > tt && o < 0) return floorUnit(tt, 'hour', zone);
    return tt;
  }
  if (p.minutes > 0) return single('minute', p.minutes);
  if (p.seconds > 0) return single('second', p.seconds);
  if (p.millis > 1) return alignFromOrigin(t, 'millisecond', p.millis, o, zone);
  return t;
}

/** Buckets of `size` ms aligned on `anchor`: a floor of `t` is `t - mod(t - anchor, size)`. */
export interface FixedBuckets {
  readonly size: number;
  readonly anchor: number;
}

const fixedBuckets = new WeakMap<(t: number) => number | null, FixedBuckets>();

/**
 * The buckets of a floorer from {@link periodFloorer} that floors to fixed-length buckets (PT1H,
 * P1D in UTC…), or undefined. A loop over a whole column can then floor with no call per value.
 */
export function fixedBucketsOf(floor: (t: number) => number | null): FixedBuckets | undefined {
  return fixedBuckets.get(floor);
}

/**
 * A compiled `floorToPeriod` for one period, origin and zone, with the same results. Fixed-length
 * buckets in a fixed-offset zone reduce to arithmetic; single calendar units remember the last bucket,
 * so runs of nearby timestamps (the usual case within a frame) skip the calendar work.
 */
export function periodFloorer(p: Period, origin: number | null, zone: TimeZone): (t: number) => number {
  const general = (t: number): number => floorToPeriod(t, p, origin, zone);
  if (zone.fixed && p.years === 0 && p.months === 0) {
    const size = standardMillis(p);
    const o = origin ?? zone.fromLocal(0);
    if (isCompound(p)) {
      return (t) => {
        let offset = (t % size) - (o % size);
        if (offset < 0) offset += size;
        return t - offset;
      };
    }
    const count = p.weeks || p.days || p.hours || p.minutes || p.seconds || p.millis;
    if (count === 1 && origin === null) {
      if (p.millis === 1) return (t) => t;
      const anchor = p.weeks > 0 ? zone.fromLocal(4 * DAY) : zone.fromLocal(0);
      const floor = (t: number) => t - mod(t - anchor, size);
      fixedBuckets.set(floor, { size, anchor });
      return floor;
    }
    // Druid aligns on the origin; before it (and for hours from a negative origin) its rounding differs.
    if (p.hours > 0 && o < 0) return general;
    return (t) => (t >= o ? t - mod(t - o, size) : general(t));
  }
  if (isCompound(p) || origin !== null || fieldValues(p).some((v) => v > 1)) return general;
  const unit: CalendarUnit = p.years ? 'year' : p.months ? 'month' : p.weeks ? 'week' : p.days ? 'day' : p.hours ? 'hour' : p.minutes ? 'minute' : p.seconds ? 'second' : 'millisecond';
  const precise = TIME_UNIT_MILLIS[unit];
  let start = Number.NaN;
  let end = Number.NaN;
  return (t) => {
    if (t >= start && t < end) return start;
    if (precise !== undefined) {
      start = floorUnit(t, unit, zone);
      end = start + precise;
    } else {
      const localStart = floorLocal(zone.toLocal(t), unit);
      start = zone.fromLocal(localStart);
      end = zone.fromLocal(nextLocal(localStart, unit as DateUnit));
    }
    return start;
  };
}

function alignFromOrigin(t: number, unit: CalendarUnit, n: number, origin: number, zone: TimeZone): number {
  let d = unitDifference(t, origin, unit, zone);
  d -= d % n;
  const tt = addUnit(origin, unit, d, zone);
  if (t >= tt) return tt;
  return TIME_UNIT_MILLIS[unit] !== undefined ? addUnit(tt, unit, -n, zone) : addUnit(origin, unit, d - n, zone);
}

/** Steps whole periods from the origin (Druid's fallback for compound periods over calendar fields). */
function floorCompound(t: number, p: Period, origin: number, zone: TimeZone): number {
  const approx = Math.max(1, p.years * 365.2425 * DAY + p.months * 30.436875 * DAY + standardMillis(p));
  // Jump close to t first, then step like Joda does.
  const jump = Math.trunc((t - origin) / approx) - (t >= origin ? 2 : -2);
  let current = (t >= origin && jump > 0) || (t < origin && jump < 0) ? addPeriodIn(origin, p, jump, zone) : origin;
  if (t >= current) {
    let next = addPeriodIn(current, p, 1, zone);
    while (t >= next) {
      current = next;
      next = addPeriodIn(current, p, 1, zone);
    }
    return current;
  }
  do current = addPeriodIn(current, p, -1, zone);
  while (t < current);
  return current;
}

/** Wall-clock calendar fields of an instant in a zone. */
export interface DateFields {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millis: number;
  /** ISO day of week, 1 = Monday. */
  readonly dayOfWeek: number;
  readonly dayOfYear: number;
  /** Offset from UTC in millis. */
  readonly offset: number;
}

/** Calendar fields of `t` in `zone`. */
export function dateFields(t: number, zone: TimeZone): DateFields {
  const offset = zone.offsetAt(t);
  const local = t + offset;
  const days = Math.floor(local / DAY);
  const timeOfDay = local - days * DAY;
  // Civil date from days since the epoch (proleptic Gregorian, eras of 400 years).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const dayOfYear = month <= 2 ? doy - 305 : doy + 60 + (isLeapYear(year) ? 1 : 0);
  return {
    year,
    month,
    day,
    hour: Math.floor(timeOfDay / HOUR),
    minute: Math.floor((timeOfDay % HOUR) / MINUTE),
    second: Math.floor((timeOfDay % MINUTE) / SECOND),
    millis: timeOfDay % SECOND,
    dayOfWeek: mod(days + 3, 7) + 1,
    dayOfYear,
    offset,
  };
}

/** ISO week-based year and week number (1..53) of a date. */
export function isoWeek(fields: Pick<DateFields, 'year' | 'dayOfWeek' | 'dayOfYear'>): { weekyear: number; week: number } {
  const week = Math.floor((fields.dayOfYear - fields.dayOfWeek + 10) / 7);
  if (week < 1) return { weekyear: fields.year - 1, week: weeksInYear(fields.year - 1) };
  if (week > weeksInYear(fields.year)) return { weekyear: fields.year + 1, week: 1 };
  return { weekyear: fields.year, week };
}

function weeksInYear(year: number): number {
  const jan1 = new Date(0);
  jan1.setUTCFullYear(year, 0, 1);
  const dow = isoDayOfWeek(jan1.getTime());
  return dow === 4 || (dow === 3 && isLeapYear(year)) ? 53 : 52;
}

/**
 * Millis of midnight of a proleptic Gregorian date (month 1..12), by day arithmetic (no Date), or
 * null when the date does not exist.
 */
export function localDayStart(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month - 1)) return null;
  // Days from 1970-01-01, counting years from March so that leap days come last.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return (era * 146_097 + dayOfEra - 719_468) * 86_400_000;
}

/** Wall-clock millis of calendar fields (month 1..12), or null when a field is out of range. */
export function localMillis(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millis = 0): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month - 1)) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millis < 0 || millis > 999) return null;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, millis);
  return d.getTime();
}
