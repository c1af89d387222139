import { invalidInput, parseGranularity, parseInterval } from '@silt/common';
import { addPeriodIn, dateFields, isoWeek, periodFloorer } from '../time/chronology.ts';
import { parseIsoTimestamp } from '../time/iso-parse.ts';
import { compileJodaFormat, formatIso } from '../time/joda-format.ts';
import { type Period, parsePeriod } from '../time/period.ts';
import { type TimeZone, UTC, timeZone } from '../time/time-zone.ts';
import { asNumber, asString } from '../values.ts';
import { CompileCache, type ScalarFunction, numberArg, scalar, stringArg } from './scalar-function.ts';

/**
 * Time functions. Timestamps are LONG epoch millis. Functions that map one timestamp to one number
 * (TIME_FLOOR, TIME_CEIL, TIME_SHIFT, TIME_EXTRACT, FLOOR_TIME, CEIL_TIME, DATE_TRUNC, TIME_IN_INTERVAL,
 * MILLIS_TO_TIMESTAMP, TIMESTAMP_TO_MILLIS) are described as {@link TimeOp}s, so that the evaluator can
 * compile their constant arguments once and run over a whole numeric column.
 */

/** A function of one timestamp argument whose other arguments configure it. */
export interface TimeOp {
  /** Index of the timestamp among the call's arguments. */
  readonly timeArg: number;
  /** Builds the per-timestamp function from the other arguments' values (in order). */
  compile(params: readonly unknown[]): (t: number) => number | null;
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : asString(v, 'STRING'));
const zoneOf = (v: unknown): TimeZone => timeZone(str(v));

function periodOrNull(v: unknown): Period | null {
  const text = str(v);
  return text === null ? null : parsePeriod(text);
}

function floorOp(params: readonly unknown[], ceil: boolean): (t: number) => number | null {
  const period = periodOrNull(params[0]);
  if (period === null) return () => null;
  const origin = asNumber(params[1] ?? null);
  const zone = zoneOf(params[2]);
  const floor = periodFloorer(period, origin, zone);
  if (!ceil) return floor;
  return (t) => {
    const start = floor(t);
    return start === t ? t : addPeriodIn(start, period, 1, zone);
  };
}

const UNIT_PERIODS: Record<string, string> = {
  MILLISECOND: 'PT0.001S',
  MILLISECONDS: 'PT0.001S',
  SECOND: 'PT1S',
  MINUTE: 'PT1M',
  HOUR: 'PT1H',
  DAY: 'P1D',
  WEEK: 'P1W',
  MONTH: 'P1M',
  QUARTER: 'P3M',
  YEAR: 'P1Y',
  DECADE: 'P10Y',
  CENTURY: 'P100Y',
  MILLENNIUM: 'P1000Y',
};

/** The period of a FLOOR/CEIL/DATE_TRUNC unit name (`HOUR`, `day`, `quarter`, …). */
function unitPeriod(unit: unknown): Period {
  const text = (str(unit) ?? '').trim().toUpperCase();
  const granularity = parseGranularity(text);
  const period = granularity?.type === 'period' && granularity.name ? granularity.period : UNIT_PERIODS[text];
  if (!period) throw invalidInput(`Unknown time unit [${str(unit)}]`);
  return parsePeriod(period);
}

function unitFloorOp(unit: unknown, ceil: boolean): (t: number) => number | null {
  const period = unitPeriod(unit);
  const floor = periodFloorer(period, null, UTC);
  if (!ceil) return floor;
  return (t) => {
    const start = floor(t);
    return start === t ? t : addPeriodIn(start, period, 1, UTC);
  };
}

/** TIME_EXTRACT's units. */
function extractOp(unitValue: unknown, zone: TimeZone): (t: number) => number {
  const unit = (str(unitValue) ?? '').toUpperCase();
  switch (unit) {
    case 'EPOCH':
      return (t) => Math.trunc(t / 1000);
    case 'MICROSECOND':
      // Druid's TIME_EXTRACT returns epoch seconds / 1000 for MICROSECOND; carried over as is.
      return (t) => Math.trunc(Math.trunc(t / 1000) / 1000);
    case 'MILLISECOND':
      return (t) => dateFields(t, zone).millis;
    case 'SECOND':
      return (t) => dateFields(t, zone).second;
    case 'MINUTE':
      return (t) => dateFields(t, zone).minute;
    case 'HOUR':
      return (t) => dateFields(t, zone).hour;
    case 'DAY':
      return (t) => dateFields(t, zone).day;
    case 'DOW':
    case 'ISODOW':
      return (t) => dateFields(t, zone).dayOfWeek;
    case 'DOY':
      return (t) => dateFields(t, zone).dayOfYear;
    case 'WEEK':
      return (t) => isoWeek(dateFields(t, zone)).week;
    case 'MONTH':
      return (t) => dateFields(t, zone).month;
    case 'QUARTER':
      return (t) => Math.floor((dateFields(t, zone).month - 1) / 3) + 1;
    case 'YEAR':
      return (t) => dateFields(t, zone).year;
    case 'ISOYEAR':
      return (t) => isoWeek(dateFields(t, zone)).weekyear;
    case 'DECADE':
      return (t) => Math.trunc(dateFields(t, zone).year / 10);
    case 'CENTURY':
      return (t) => Math.ceil(dateFields(t, zone).year / 100);
    case 'MILLENNIUM':
      return (t) => Math.ceil(dateFields(t, zone).year / 1000);
    default:
      throw invalidInput(`TIME_EXTRACT: unknown unit [${str(unitValue)}]`);
  }
}

const identity = (t: number): number => t;

/** The timestamp-to-number functions. */
export const TIME_OPS: Readonly<Record<string, TimeOp>> = {
  TIME_FLOOR: { timeArg: 0, compile: (p) => floorOp(p, false) },
  TIME_CEIL: { timeArg: 0, compile: (p) => floorOp(p, true) },
  TIME_SHIFT: {
    timeArg: 0,
    compile: (p) => {
      const period = periodOrNull(p[0]);
      const step = asNumber(p[1] ?? null);
      if (period === null || step === null) return () => null;
      const zone = zoneOf(p[2]);
      return (t) => addPeriodIn(t, period, Math.trunc(step), zone);
    },
  },
  TIME_EXTRACT: { timeArg: 0, compile: (p) => extractOp(p[0], zoneOf(p[1])) },
  FLOOR_TIME: { timeArg: 0, compile: (p) => unitFloorOp(p[0], false) },
  CEIL_TIME: { timeArg: 0, compile: (p) => unitFloorOp(p[0], true) },
  DATE_TRUNC: { timeArg: 1, compile: (p) => unitFloorOp(p[0], false) },
  TIME_IN_INTERVAL: {
    timeArg: 0,
    compile: (p) => {
      const text = str(p[0]);
      if (text === null) return () => null;
      let interval: { start: number; end: number };
      try {
        interval = parseInterval(text);
      } catch {
        throw invalidInput(`TIME_IN_INTERVAL: invalid interval [${text}]`);
      }
      return (t) => (t >= interval.start && t < interval.end ? 1 : 0);
    },
  },
  MILLIS_TO_TIMESTAMP: { timeArg: 0, compile: () => identity },
  TIMESTAMP_TO_MILLIS: { timeArg: 0, compile: () => identity },
};

const opCache = new CompileCache<(t: number) => number | null>(10_000);

/** The compiled per-timestamp function of a TimeOp for the given parameters (cached). */
export function compiledTimeOp(fn: string, params: readonly unknown[]): (t: number) => number | null {
  return opCache.get(`${fn}\u0000${JSON.stringify(params)}`, () => TIME_OPS[fn]!.compile(params));
}

function timeOpFunction(fn: string, op: TimeOp): ScalarFunction {
  return scalar((args) => {
    const t = numberArg(args, op.timeArg);
    if (t === null) return null;
    return compiledTimeOp(
      fn,
      args.filter((_, i) => i !== op.timeArg),
    )(t);
  }, op.timeArg + 1);
}

/** The time function table. */
export const TIME_FUNCTIONS: Readonly<Record<string, ScalarFunction>> = {
  ...Object.fromEntries(Object.entries(TIME_OPS).map(([fn, op]) => [fn, timeOpFunction(fn, op)])),
  TIME_PARSE: scalar((args, call) => {
    const text = stringArg(args, call, 0)!;
    const format = args.length > 1 ? stringArg(args, call, 1) : null;
    const zone = zoneOf(args[2]);
    return format === null ? parseIsoTimestamp(text, zone) : compileJodaFormat(format).parse(text, zone);
  }, 1),
  TIME_FORMAT: scalar((args, call) => {
    const t = numberArg(args, 0)!;
    const format = args.length > 1 ? stringArg(args, call, 1) : null;
    const zone = zoneOf(args[2]);
    return format === null ? formatIso(t, zone) : compileJodaFormat(format).format(t, zone);
  }, 1),
  CURRENT_TIMESTAMP: scalar((_args, _call, ctx) => ctx.now, 0),
  CURRENT_DATE: scalar((args, _call, ctx) => periodFloorer(parsePeriod('P1D'), null, zoneOf(args[0]))(ctx.now), 0),
  TIMESTAMPADD: scalar((args) => {
    const t = numberArg(args, 2)!;
    return addPeriodIn(t, unitPeriod(args[0]), Math.trunc(numberArg(args, 1)!), zoneOf(args[3]));
  }, 3),
  TIMESTAMPDIFF: scalar((args) => timestampDiff(args[0], numberArg(args, 1)!, numberArg(args, 2)!, zoneOf(args[3])), 3),
};

/** Whole calendar months from `t1` to `t2` in `zone` (Joda's Months.monthsBetween), signed. */
function monthsBetween(t1: number, t2: number, zone: TimeZone): number {
  const a = dateFields(t1, zone);
  const b = dateFields(t2, zone);
  let months = (b.year - a.year) * 12 + (b.month - a.month);
  const month = parsePeriod('P1M');
  if (months > 0 && addPeriodIn(t1, month, months, zone) > t2) months--;
  else if (months < 0 && addPeriodIn(t1, month, months, zone) < t2) months++;
  return months;
}

/**
 * TIMESTAMPDIFF(unit, t1, t2): the signed number of whole units from t1 to t2. Fixed-length units
 * divide the difference in millis; MONTH, QUARTER and YEAR count calendar months.
 */
function timestampDiff(unitValue: unknown, t1: number, t2: number, zone: TimeZone): number {
  const unit = (str(unitValue) ?? '').trim().toUpperCase();
  switch (unit) {
    case 'MONTH':
      return monthsBetween(t1, t2, zone);
    case 'QUARTER':
      return Math.trunc(monthsBetween(t1, t2, zone) / 3);
    case 'YEAR':
      return Math.trunc(monthsBetween(t1, t2, zone) / 12);
    default: {
      const millis = FIXED_UNIT_MILLIS[unit];
      if (millis === undefined) throw invalidInput(`TIMESTAMPDIFF: unknown unit [${str(unitValue)}]`);
      return Math.trunc((t2 - t1) / millis);
    }
  }
}

const FIXED_UNIT_MILLIS: Record<string, number> = {
  MILLISECOND: 1,
  SECOND: 1000,
  MINUTE: 60_000,
  HOUR: 3_600_000,
  DAY: 86_400_000,
  WEEK: 604_800_000,
};
