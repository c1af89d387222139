import { isoDayOfWeek, localMillis } from './chronology.ts';
import { isoWeekDate } from './iso-parse.ts';
import type { ParsedFields } from './joda-format.ts';
import type { TimeZone } from './time-zone.ts';

const DAY = 86_400_000;

/**
 * Turns the fields a Joda pattern parsed into an instant, as Joda's parser bucket does: missing fields
 * default to 1970-01-01T00:00:00.000, except that a month or day without a year takes the year 2000;
 * a parsed day of week moves the date within its ISO week; an offset or zone in the text beats
 * `zone`. Returns null when a field is out of range.
 */
export function resolveJodaFields(f: ParsedFields, zone: TimeZone): number | null {
  let year = f.year;
  if (year === undefined && f.yearOfEra !== undefined) year = f.era === 0 ? 1 - f.yearOfEra : f.yearOfEra;
  let dayStart: number | null;
  if (f.weekyear !== undefined || (f.week !== undefined && year === undefined)) {
    dayStart = isoWeekDate(f.weekyear ?? year ?? 1970, f.week ?? 1, f.dayOfWeek ?? 1);
  } else {
    const y = year ?? (f.month !== undefined || f.day !== undefined || f.dayOfYear !== undefined ? 2000 : 1970);
    if (f.dayOfYear !== undefined) {
      const jan1 = localMillis(y, 1, 1)!;
      dayStart = jan1 + (f.dayOfYear - 1) * DAY;
      if (f.dayOfYear < 1 || new Date(dayStart).getUTCFullYear() !== new Date(jan1).getUTCFullYear()) return null;
    } else {
      dayStart = localMillis(y, f.month ?? 1, f.day ?? 1);
    }
    if (dayStart !== null && f.dayOfWeek !== undefined) {
      if (f.dayOfWeek < 1 || f.dayOfWeek > 7) return null;
      dayStart += (f.dayOfWeek - isoDayOfWeek(dayStart)) * DAY;
    }
  }
  if (dayStart === null) return null;
  let hour = f.hour;
  if (hour === undefined) {
    const halfday = f.halfday ?? 0;
    const h = f.hourOfHalfday ?? 0;
    if (h < 0 || h > 11) return null;
    hour = halfday * 12 + h;
  } else if (f.halfday !== undefined && f.hourOfHalfday === undefined && hour < 12) {
    hour += f.halfday * 12;
  }
  const minute = f.minute ?? 0;
  const second = f.second ?? 0;
  if (hour < 0 || hour > 23 || minute > 59 || second > 59) return null;
  const local = dayStart + hour * 3_600_000 + minute * 60_000 + second * 1000 + (f.millis ?? 0);
  if (f.offset !== undefined) return local - f.offset;
  return (f.zone ?? zone).fromLocal(local);
}
