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

/** Holds a string's characters for {@link parseIsoUtcBytes} (one reading for strings and bytes). */
const ASCII = new Uint8Array(24);

/** {@link parseIsoUtcBytes} of a string: its characters copied as bytes when they could be the shape. */
function parseIsoUtc(text: string): number | null | undefined {
  const n = text.length;
  if (n !== 20 && n !== 24) return undefined;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // Not ASCII, not the shape; and a byte would keep only its low 8 bits.
    if (c > 0x7f) return undefined;
    ASCII[i] = c;
  }
  return parseIsoUtcBytes(ASCII, 0, n);
}

/**
 * `YYYY-MM-DDTHH:mm:ss[.SSS]Z`, the shape nearly every input has, read from the ASCII or UTF-8
 * bytes `bytes[start, end)`; the same result as the general parser, or undefined for any other
 * text (the general parser reads it then). Digits are read two at a time.
 */
function parseIsoUtcBytes(bytes: Uint8Array, start: number, end: number): number | null | undefined {
  const n = end - start;
  if ((n !== 20 && n !== 24) || bytes[end - 1] !== 90 /* Z */) return undefined;
  if (bytes[start + 4] !== 45 || bytes[start + 7] !== 45 || bytes[start + 10] !== 84 || bytes[start + 13] !== 58 || bytes[start + 16] !== 58) return undefined;
  const century = twoDigits(bytes, start);
  const yearOfCentury = twoDigits(bytes, start + 2);
  const month = twoDigits(bytes, start + 5);
  const day = twoDigits(bytes, start + 8);
  const hour = twoDigits(bytes, start + 11);
  const minute = twoDigits(bytes, start + 14);
  const second = twoDigits(bytes, start + 17);
  let millis = 0;
  if (n === 24) {
    const hundreds = twoDigits(bytes, start + 20);
    const last = bytes[start + 22]! - 48;
    if (bytes[start + 19] !== 46 /* . */ || hundreds < 0 || last < 0 || last > 9) return undefined;
    millis = hundreds * 10 + last;
  }
  if ((century | yearOfCentury | month | day | hour | minute | second) < 0) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const dayStart = localDayStart(century * 100 + yearOfCentury, month, day);
  return dayStart === null ? null : dayStart + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis;
}

/** The decimal number of the two ASCII digits at `at`, or -1 when either is not a digit. */
function twoDigits(bytes: Uint8Array, at: number): number {
  const tens = bytes[at]! - 48;
  const ones = bytes[at + 1]! - 48;
  return tens < 0 || tens > 9 || ones < 0 || ones > 9 ? -1 : tens * 10 + ones;
}

/**
 * {@link parseIsoTimestamp} of the UTF-8 text `bytes[start, end)` with no zone: the usual shape is
 * read from the bytes, any other text decoded and given to the general parser.
 */
export function parseIsoTimestampBytes(bytes: Uint8Array, start: number, end: number): number | null {
  const utc = parseIsoUtcBytes(bytes, start, end);
  if (utc !== undefined) return utc;
  return parseIsoTimestamp(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', start, end), null);
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
