import { isoDayOfWeek, localDayStart, localMillis } from './chronology.ts';
import { type TimeZone, UTC } from './time-zone.ts';

/**
 * Druid's default timestamp parser (TIME_PARSE without a format, CAST(string AS TIMESTAMP)): an ISO-8601
 * date (`2015`, `2015-09`, `2015-09-12`, ordinal `2015-255`, week `2015-W37-6`), optionally followed by
 * `T` or a space, a time (`HH`, `HH:mm`, `HH:mm:ss`, `HH:mm:ss.SSS…`) and an offset (`Z`, `±HH`,
 * `±HH:mm`, `±HHmm`). Without an offset the text is read in `zone` (UTC by default).
 */
const ISO = new RegExp(
  '^([+-]?\\d{4})(?:-(\\d{1,2})(?:-(\\d{1,2}))?|-(\\d{3})|-W(\\d{2})(?:-(\\d))?)?' +
    '(?:[Tt ](?:(\\d{1,2})(?::(\\d{1,2})(?::(\\d{1,2})(?:[.,](\\d{1,9}))?)?)?)?' +
    '(Z|[+-]\\d{2}(?::?\\d{2})?)?)?$',
);

/**
 * Parses an ISO-8601 timestamp to epoch millis, or null when the text is not one.
 *
 * @example parseIsoTimestamp('2015-09-12T00:46:58.771Z', null) // 1442018818771
 */
export function parseIsoTimestamp(text: string, zone: TimeZone | null): number | null {
  const utc = parseIsoUtc(text);
  if (utc !== undefined) return utc;
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const num = (i: number, dflt: number): number => (m[i] === undefined ? dflt : Number(m[i]));
  let dayStart: number | null;
  if (m[4] !== undefined) {
    const jan1 = localMillis(year, 1, 1)!;
    const doy = Number(m[4]);
    dayStart = doy >= 1 && doy <= 366 ? jan1 + (doy - 1) * 86_400_000 : null;
    if (dayStart !== null && new Date(dayStart).getUTCFullYear() !== year) dayStart = null;
  } else if (m[5] !== undefined) {
    dayStart = isoWeekDate(year, Number(m[5]), num(6, 1));
  } else {
    dayStart = localMillis(year, num(2, 1), num(3, 1));
  }
  if (dayStart === null) return null;
  const hour = num(7, 0);
  const minute = num(8, 0);
  const second = num(9, 0);
  const millis = m[10] === undefined ? 0 : Number(m[10].slice(0, 3).padEnd(3, '0'));
  if (hour > 23 || minute > 59 || second > 59) return null;
  const local = dayStart + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis;
  const offsetText = m[11];
  if (offsetText !== undefined) {
    const offset = parseOffset(offsetText);
    return offset === null ? null : local - offset;
  }
  return (zone ?? UTC).fromLocal(local);
}

/**
 * `YYYY-MM-DDTHH:mm:ss[.SSS]Z`, the shape nearly every input has, read from its character codes;
 * the same result as the general parser, or undefined for any other text (the general parser
 * reads it then).
 */
function parseIsoUtc(text: string): number | null | undefined {
  const n = text.length;
  if ((n !== 20 && n !== 24) || text.charCodeAt(n - 1) !== 90 /* Z */) return undefined;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  if (n === 24 && text.charCodeAt(19) !== 46 /* . */) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const millis = n === 24 ? digits(text, 20, 3) : 0;
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || millis < 0) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const dayStart = localDayStart(year, month, day);
  return dayStart === null ? null : dayStart + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis;
}

/** The decimal number of `count` ASCII digits at `at`, or -1 when one is not a digit. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Parses `Z`, `±HH`, `±HH:mm` or `±HHmm` to millis; null when out of range. */
export function parseOffset(text: string): number | null {
  if (text === 'Z' || text === 'z') return 0;
  const m = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(text);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  if (hours > 23 || minutes > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 3_600_000 + minutes * 60_000);
}

/** Wall-clock millis of the ISO week date (weekyear, week 1..53, day 1..7), or null when invalid. */
export function isoWeekDate(weekyear: number, week: number, day: number): number | null {
  if (week < 1 || week > 53 || day < 1 || day > 7) return null;
  const jan4 = localMillis(weekyear, 1, 4)!;
  const week1Monday = jan4 - (isoDayOfWeek(jan4) - 1) * 86_400_000;
  const monday = week1Monday + (week - 1) * 7 * 86_400_000;
  // The week belongs to the year holding its Thursday; week 53 exists only in some years.
  if (new Date(monday + 3 * 86_400_000).getUTCFullYear() !== weekyear) return null;
  return monday + (day - 1) * 86_400_000;
}
