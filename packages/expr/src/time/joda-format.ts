import { invalidInput } from '@silt/common';
import { type DateFields, dateFields, isoWeek } from './chronology.ts';
import { parseOffset } from './iso-parse.ts';
import { resolveJodaFields } from './joda-fields.ts';
import { type TimeZone, timeZone } from './time-zone.ts';

/**
 * Joda-Time `DateTimeFormat` patterns, as TIME_FORMAT and TIME_PARSE take them. Supported letters:
 * G (era), C (century), Y/y/x (year of era / year / weekyear; `yy` is two-digit), w (week), e/E (day of
 * week number / text), D (day of year), M (month; MMM/MMMM text), d, a (AM/PM), K/h/H/k (hours),
 * m, s, S (fraction), z (zone name), Z (`+0000`), ZZ (`+00:00`), ZZZ (zone id). `'text'` is a literal
 * and `''` a quote; any other non-letter stands for itself. English names, like Druid's default locale.
 */
export interface JodaFormat {
  /** Prints the instant in the zone. */
  format(t: number, zone: TimeZone): string;
  /** Parses the whole text, reading wall-clock fields in `zone` unless the text carries an offset or zone; null when it does not match. */
  parse(text: string, zone: TimeZone): number | null;
}

/** One pattern element. */
type JodaToken = { readonly kind: 'field'; readonly letter: string; readonly count: number } | { readonly kind: 'literal'; readonly text: string };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const LETTERS = new Set('GCYxwyeEDMdaKhHkmsSzZ');
const NUMERIC = new Set('CYxwyeDdKhHkmsS');

const cache = new Map<string, JodaFormat>();

/**
 * Compiles a Joda pattern (cached). Throws an invalid-input error for an unknown pattern letter.
 *
 * @example compileJodaFormat('yyyy-MM-dd HH:mm').format(0, UTC) // "1970-01-01 00:00"
 */
export function compileJodaFormat(pattern: string): JodaFormat {
  let f = cache.get(pattern);
  if (!f) {
    const tokens = tokenize(pattern);
    f = { format: (t, zone) => formatTokens(tokens, t, zone), parse: (text, zone) => parseTokens(tokens, text, zone) };
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, f);
  }
  return f;
}

/** Splits a pattern into fields and literals. */
function tokenize(pattern: string): JodaToken[] {
  const tokens: JodaToken[] = [];
  let i = 0;
  const pushLiteral = (text: string): void => {
    const last = tokens[tokens.length - 1];
    if (last && last.kind === 'literal') tokens[tokens.length - 1] = { kind: 'literal', text: last.text + text };
    else tokens.push({ kind: 'literal', text });
  };
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (j < pattern.length && pattern[j] === c) j++;
      if (!LETTERS.has(c)) throw invalidInput(`Illegal pattern component: ${pattern.slice(i, j)}`);
      tokens.push({ kind: 'field', letter: c, count: j - i });
      i = j;
    } else if (c === "'") {
      if (pattern[i + 1] === "'") {
        pushLiteral("'");
        i += 2;
        continue;
      }
      let text = '';
      let j = i + 1;
      for (; j < pattern.length; j++) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j++;
          } else break;
        } else text += pattern[j];
      }
      pushLiteral(text);
      i = j + 1;
    } else {
      pushLiteral(c);
      i++;
    }
  }
  return tokens;
}

const pad = (n: number, width: number): string => (n < 0 ? `-${String(-n).padStart(width, '0')}` : String(n).padStart(width, '0'));

/** `+HH:mm` (or `+HHmm` without separators) of an offset in millis. */
function formatOffset(offset: number, separators: boolean): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const h = Math.floor(abs / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  return `${sign}${pad(h, 2)}${separators ? ':' : ''}${pad(m, 2)}`;
}

/**
 * Druid's default TIME_FORMAT output, Joda's ISO `dateTime()`: `yyyy-MM-dd'T'HH:mm:ss.SSS` plus `Z` in
 * UTC or `±HH:mm` elsewhere.
 *
 * @example formatIso(1442018818771, UTC) // "2015-09-12T00:46:58.771Z"
 */
export function formatIso(t: number, zone: TimeZone): string {
  const f = dateFields(t, zone);
  const date = `${pad(f.year, 4)}-${pad(f.month, 2)}-${pad(f.day, 2)}T${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}.${pad(f.millis, 3)}`;
  return date + (f.offset === 0 ? 'Z' : formatOffset(f.offset, true));
}

function formatTokens(tokens: readonly JodaToken[], t: number, zone: TimeZone): string {
  const f = dateFields(t, zone);
  let out = '';
  for (const token of tokens) out += token.kind === 'literal' ? token.text : formatField(token.letter, token.count, f, t, zone);
  return out;
}

function formatField(letter: string, count: number, f: DateFields, t: number, zone: TimeZone): string {
  const yearOfEra = f.year <= 0 ? 1 - f.year : f.year;
  switch (letter) {
    case 'G':
      return f.year <= 0 ? 'BC' : 'AD';
    case 'C':
      return pad(Math.floor(yearOfEra / 100), count);
    case 'y':
      return count === 2 ? pad(((f.year % 100) + 100) % 100, 2) : pad(f.year, count);
    case 'Y':
      return count === 2 ? pad(yearOfEra % 100, 2) : pad(yearOfEra, count);
    case 'x': {
      const wy = isoWeek(f).weekyear;
      return count === 2 ? pad(((wy % 100) + 100) % 100, 2) : pad(wy, count);
    }
    case 'w':
      return pad(isoWeek(f).week, count);
    case 'e':
      return pad(f.dayOfWeek, count);
    case 'E':
      return count >= 4 ? DAYS[f.dayOfWeek - 1]! : DAYS[f.dayOfWeek - 1]!.slice(0, 3);
    case 'D':
      return pad(f.dayOfYear, count);
    case 'M':
      if (count >= 4) return MONTHS[f.month - 1]!;
      if (count === 3) return MONTHS[f.month - 1]!.slice(0, 3);
      return pad(f.month, count);
    case 'd':
      return pad(f.day, count);
    case 'a':
      return f.hour < 12 ? 'AM' : 'PM';
    case 'K':
      return pad(f.hour % 12, count);
    case 'h':
      return pad(f.hour % 12 === 0 ? 12 : f.hour % 12, count);
    case 'H':
      return pad(f.hour, count);
    case 'k':
      return pad(f.hour === 0 ? 24 : f.hour, count);
    case 'm':
      return pad(f.minute, count);
    case 's':
      return pad(f.second, count);
    case 'S':
      return count <= 3 ? pad(Math.floor(f.millis / 10 ** (3 - count)), count) : pad(f.millis * 10 ** (count - 3), count);
    case 'z':
      return zoneName(zone, t, count >= 4 ? 'long' : 'short');
    default:
      return count === 1 ? formatOffset(f.offset, false) : count === 2 ? formatOffset(f.offset, true) : zone.id;
  }
}

const nameFormats = new Map<string, Intl.DateTimeFormat>();

function zoneName(zone: TimeZone, t: number, style: 'short' | 'long'): string {
  if (zone.id === 'UTC') return style === 'short' ? 'UTC' : 'Coordinated Universal Time';
  if (zone.fixed) return zone.id;
  const key = `${zone.id}|${style}`;
  let fmt = nameFormats.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone.id, timeZoneName: style });
    nameFormats.set(key, fmt);
  }
  return fmt.formatToParts(new Date(t)).find((p) => p.type === 'timeZoneName')?.value ?? zone.id;
}

/** Zone abbreviations Joda parses by default. */
const ZONE_ABBREVIATIONS: Record<string, string> = {
  UT: 'UTC',
  UTC: 'UTC',
  GMT: 'UTC',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
};

/** Fields collected while parsing. */
export interface ParsedFields {
  year?: number;
  yearOfEra?: number;
  era?: number;
  weekyear?: number;
  week?: number;
  dayOfWeek?: number;
  dayOfYear?: number;
  month?: number;
  day?: number;
  halfday?: number;
  hourOfHalfday?: number;
  hour?: number;
  minute?: number;
  second?: number;
  millis?: number;
  offset?: number;
  zone?: TimeZone;
}

function parseTokens(tokens: readonly JodaToken[], text: string, zone: TimeZone): number | null {
  const fields: ParsedFields = {};
  let pos = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'literal') {
      if (text.slice(pos, pos + token.text.length).toLowerCase() !== token.text.toLowerCase()) return null;
      pos += token.text.length;
      continue;
    }
    const next = tokens[i + 1];
    const nextNumeric = next !== undefined && next.kind === 'field' && (NUMERIC.has(next.letter) || (next.letter === 'M' && next.count < 3));
    const end = parseField(token, nextNumeric, text, pos, fields);
    if (end < 0) return null;
    pos = end;
  }
  if (pos !== text.length) return null;
  return resolveJodaFields(fields, zone);
}

/** Parses one field at `pos`; returns the position after it, or -1. */
function parseField(token: { letter: string; count: number }, nextNumeric: boolean, text: string, pos: number, fields: ParsedFields): number {
  const { letter, count } = token;
  switch (letter) {
    case 'M':
      if (count >= 3) return parseText(text, pos, MONTHS, (v) => (fields.month = v + 1));
      return parseNumberField(text, pos, 2, false, (v) => (fields.month = v));
    case 'E':
      return parseText(text, pos, DAYS, (v) => (fields.dayOfWeek = v + 1));
    case 'a':
      return parseText(text, pos, ['AM', 'PM'], (v) => (fields.halfday = v));
    case 'G':
      return parseText(text, pos, ['BC', 'AD'], (v) => (fields.era = v));
    case 'z': {
      const m = /^[A-Za-z]+/.exec(text.slice(pos));
      const id = m ? ZONE_ABBREVIATIONS[m[0].toUpperCase()] : undefined;
      if (!m || !id) return -1;
      fields.zone = timeZone(id);
      return pos + m[0].length;
    }
    case 'Z': {
      if (count >= 3) {
        const m = /^[A-Za-z0-9_/+-]+/.exec(text.slice(pos));
        if (!m) return -1;
        try {
          fields.zone = timeZone(m[0]);
        } catch {
          return -1;
        }
        return pos + m[0].length;
      }
      const m = /^(?:Z|[+-]\d{2}(?::?\d{2})?)/.exec(text.slice(pos));
      const offset = m ? parseOffset(m[0]) : null;
      if (!m || offset === null) return -1;
      fields.offset = offset;
      return pos + m[0].length;
    }
    case 'S': {
      const m = new RegExp(`^\\d{1,${count}}`).exec(text.slice(pos));
      if (!m) return -1;
      fields.millis = Math.floor(Number(`0.${m[0]}`) * 1000 + 1e-6);
      return pos + m[0].length;
    }
    case 'y':
    case 'Y':
    case 'x': {
      const set = (v: number): void => {
        if (letter === 'y') fields.year = v;
        else if (letter === 'Y') fields.yearOfEra = v;
        else fields.weekyear = v;
      };
      if (count === 2) {
        const m = (nextNumeric ? /^\d{2}/ : /^[+-]?\d+/).exec(text.slice(pos));
        if (!m) return -1;
        if (m[0].length === 2 && /^\d\d$/.test(m[0])) set(twoDigitYear(Number(m[0])));
        else set(Number(m[0]));
        return pos + m[0].length;
      }
      return parseNumberField(text, pos, nextNumeric ? count : 9, letter !== 'Y', set);
    }
    default: {
      const max = letter === 'D' ? 3 : letter === 'C' ? 7 : 2;
      return parseNumberField(text, pos, max, false, (v) => {
        switch (letter) {
          case 'C':
            // The century is implied by the year field.
            return;
          case 'w':
            fields.week = v;
            return;
          case 'e':
            fields.dayOfWeek = v;
            return;
          case 'D':
            fields.dayOfYear = v;
            return;
          case 'd':
            fields.day = v;
            return;
          case 'K':
            fields.hourOfHalfday = v;
            return;
          case 'h':
            fields.hourOfHalfday = v === 12 ? 0 : v > 12 ? -1 : v;
            return;
          case 'H':
            fields.hour = v;
            return;
          case 'k':
            fields.hour = v === 24 ? 0 : v > 24 ? -1 : v;
            return;
          case 'm':
            fields.minute = v;
            return;
          default:
            fields.second = v;
        }
      });
    }
  }
}

function parseNumberField(text: string, pos: number, maxDigits: number, signed: boolean, set: (v: number) => void): number {
  const m = new RegExp(`^${signed ? '[+-]?' : ''}\\d{1,${maxDigits}}`).exec(text.slice(pos));
  if (!m) return -1;
  set(Number(m[0]));
  return pos + m[0].length;
}

/** Matches the longest full or three-letter name, case-insensitively; `set` gets the name's index. */
function parseText(text: string, pos: number, names: readonly string[], set: (index: number) => void): number {
  let best = -1;
  let bestLength = 0;
  const rest = text.slice(pos).toLowerCase();
  names.forEach((name, index) => {
    for (const candidate of [name, name.slice(0, 3)]) {
      if (candidate.length > bestLength && rest.startsWith(candidate.toLowerCase())) {
        best = index;
        bestLength = candidate.length;
      }
    }
  });
  if (best < 0) return -1;
  set(best);
  return pos + bestLength;
}

/** Joda's two-digit year: within 50 years either side of (this year - 30). */
function twoDigitYear(value: number): number {
  const low = new Date().getUTCFullYear() - 30 - 50;
  const t = low % 100;
  return value + low + (value < t ? 100 : 0) - t;
}
