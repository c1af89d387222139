import { invalidInput } from '@silt/common';

/**
 * Time zones for the time functions: UTC, fixed offsets (`+05:30`, `-08:00`) and IANA names
 * (`America/Los_Angeles`) resolved through `Intl`. "Local millis" are an instant's wall-clock fields
 * read as if they were UTC (`utc + offset`), which lets calendar arithmetic use the UTC `Date` methods.
 */
export interface TimeZone {
  /** The zone id as Joda prints it (`UTC`, `America/Los_Angeles`, `+05:30`). */
  readonly id: string;
  /** True when the offset never changes. */
  readonly fixed: boolean;
  /** Offset from UTC in millis at the instant `utc`. */
  offsetAt(utc: number): number;
  /** Wall-clock millis of `utc` in this zone. */
  toLocal(utc: number): number;
  /**
   * The instant of wall-clock `local`. In an overlap (clocks going back) the earlier instant wins;
   * in a gap (clocks going forward) the time is shifted forward by the gap, as Joda does.
   */
  fromLocal(local: number): number;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
const CACHE_BUCKET = 15 * 60_000;
const CACHE_LIMIT = 200_000;

class FixedZone implements TimeZone {
  readonly fixed = true;
  constructor(
    readonly id: string,
    private readonly offset: number,
  ) {}
  offsetAt(): number {
    return this.offset;
  }
  toLocal(utc: number): number {
    return utc + this.offset;
  }
  fromLocal(local: number): number {
    return local - this.offset;
  }
}

/** An IANA zone. Offsets are read from Intl once per 15-minute bucket (every modern transition falls on one). */
class RegionZone implements TimeZone {
  readonly fixed = false;
  private readonly format: Intl.DateTimeFormat;
  private readonly cache = new Map<number, number>();
  constructor(readonly id: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }
  offsetAt(utc: number): number {
    const bucket = Math.floor(utc / CACHE_BUCKET);
    let offset = this.cache.get(bucket);
    if (offset === undefined) {
      offset = this.lookup(bucket * CACHE_BUCKET);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(bucket, offset);
    }
    return offset;
  }
  private lookup(utc: number): number {
    const fields: Record<string, string> = {};
    for (const part of this.format.formatToParts(new Date(utc))) fields[part.type] = part.value;
    let year = Number(fields.year);
    if (fields.era === 'BC' || fields.era === 'B') year = 1 - year;
    const date = new Date(0);
    date.setUTCFullYear(year, Number(fields.month) - 1, Number(fields.day));
    date.setUTCHours(Number(fields.hour), Number(fields.minute), Number(fields.second), 0);
    return date.getTime() - utc;
  }
  toLocal(utc: number): number {
    return utc + this.offsetAt(utc);
  }
  fromLocal(local: number): number {
    const before = this.offsetAt(local - DAY);
    const after = this.offsetAt(local + DAY);
    if (before === after && this.offsetAt(local - before) === before) return local - before;
    // Larger offset first: in an overlap the earlier instant wins.
    const [first, second] = before > after ? [before, after] : [after, before];
    if (this.offsetAt(local - first) === first) return local - first;
    if (this.offsetAt(local - second) === second) return local - second;
    return local - before;
  }
}

/** The UTC zone. */
export const UTC: TimeZone = new FixedZone('UTC', 0);

const zones = new Map<string, TimeZone>([['UTC', UTC]]);
const UTC_ALIASES = new Set(['UTC', 'Z', 'GMT', 'UT', 'ETC/UTC', 'ETC/GMT', 'ETC/UCT', 'UCT', 'ZULU', 'ETC/ZULU', 'UNIVERSAL', 'ETC/UNIVERSAL', 'GREENWICH', 'ETC/GREENWICH', 'GMT0', 'ETC/GMT0', 'GMT+0', 'GMT-0', 'ETC/GMT+0', 'ETC/GMT-0']);
const OFFSET_ID = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/**
 * Resolves a zone id as Joda's `DateTimeZone.forID` does: `UTC`, `±HH:mm` offsets and IANA names.
 * Throws an invalid-input error for an unknown id.
 *
 * @example timeZone('America/Los_Angeles').offsetAt(Date.UTC(2015, 8, 12)) // -25200000
 */
export function timeZone(id: string | null | undefined): TimeZone {
  if (id === null || id === undefined) return UTC;
  const cached = zones.get(id);
  if (cached) return cached;
  const zone = resolve(id);
  zones.set(id, zone);
  return zone;
}

function resolve(id: string): TimeZone {
  const trimmed = id.trim();
  if (UTC_ALIASES.has(trimmed.toUpperCase())) return UTC;
  const m = OFFSET_ID.exec(trimmed);
  if (m) {
    const hours = Number(m[2]);
    const minutes = Number(m[3] ?? 0);
    if (hours > 23 || minutes > 59) throw unknownZone(id);
    const offset = (m[1] === '-' ? -1 : 1) * (hours * HOUR + minutes * 60_000);
    if (offset === 0) return UTC;
    const text = `${m[1]}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
    return new FixedZone(text, offset);
  }
  try {
    // Validates the id; the zone keeps the id as given (Intl would rename Asia/Kolkata to Asia/Calcutta).
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
    return UTC_ALIASES.has(canonical.toUpperCase()) ? UTC : new RegionZone(trimmed);
  } catch {
    throw unknownZone(id);
  }
}

function unknownZone(id: string) {
  return invalidInput(`The datetime zone id '${id}' is not recognised`);
}
