import { DruidError } from '@silt/common';
import { type Frame, type NumericColumn, type StringColumn, encodeUtf8Dictionary, markLongValues, utf8StringColumn } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { UTC, compileJodaFormat, dateFields, floorToPeriod, formatIso, parseIsoTimestamp, parsePeriod, periodFloorer, timeZone } from '../src/index.ts';
import { col, fn, frame, n, run, s, scalar } from './helpers.ts';
import { rng } from '../../../test/support/random.ts';

const ts = (iso: string): number => Date.parse(iso);
const L = (v: number | null) => n(v);

describe('TIME_PARSE', () => {
  it('parses ISO-8601 without a format (Druid examples)', () => {
    expect(scalar(fn('TIME_PARSE', [s('2015-09-12T00:46:58.771Z')], 'LONG'))).toBe(1442018818771);
    expect(scalar(fn('TIME_PARSE', [s('2015-09-12')], 'LONG'))).toBe(ts('2015-09-12T00:00:00Z'));
    expect(scalar(fn('TIME_PARSE', [s('2015-09-12T00:46:58')], 'LONG'))).toBe(ts('2015-09-12T00:46:58Z'));
    expect(scalar(fn('TIME_PARSE', [s('2015-09-12T00:46:58.771+02:00')], 'LONG'))).toBe(ts('2015-09-11T22:46:58.771Z'));
    expect(scalar(fn('TIME_PARSE', [s('2015-09-12 10:00')], 'LONG'))).toBe(ts('2015-09-12T10:00:00Z'));
  });

  it('gives NULL for unparseable text', () => {
    expect(scalar(fn('TIME_PARSE', [s('not a time')], 'LONG'))).toBe(null);
    expect(scalar(fn('TIME_PARSE', [s('2015-13-01')], 'LONG'))).toBe(null);
    expect(scalar(fn('TIME_PARSE', [s(null)], 'LONG'))).toBe(null);
  });

  it('parses with a Joda format and a time zone', () => {
    expect(scalar(fn('TIME_PARSE', [s('2015-09-12 13:45'), s('yyyy-MM-dd HH:mm')], 'LONG'))).toBe(ts('2015-09-12T13:45:00Z'));
    expect(scalar(fn('TIME_PARSE', [s('2015-09-12 13:45'), s('yyyy-MM-dd HH:mm'), s('America/Los_Angeles')], 'LONG'))).toBe(ts('2015-09-12T20:45:00Z'));
    expect(scalar(fn('TIME_PARSE', [s('12/Sep/2015:01:02:03 +0200'), s('dd/MMM/yyyy:HH:mm:ss Z')], 'LONG'))).toBe(ts('2015-09-11T23:02:03Z'));
    expect(scalar(fn('TIME_PARSE', [s('20150912'), s('yyyyMMdd')], 'LONG'))).toBe(ts('2015-09-12T00:00:00Z'));
    expect(scalar(fn('TIME_PARSE', [s('9/12/2015 1:05 PM'), s('M/d/yyyy h:mm a')], 'LONG'))).toBe(ts('2015-09-12T13:05:00Z'));
    expect(scalar(fn('TIME_PARSE', [s('2015-09-12x'), s('yyyy-MM-dd')], 'LONG'))).toBe(null);
  });
});

describe('TIME_FORMAT', () => {
  it('prints ISO by default', () => {
    expect(scalar(fn('TIME_FORMAT', [L(1442018818771)], 'STRING'))).toBe('2015-09-12T00:46:58.771Z');
    expect(scalar(fn('TIME_FORMAT', [L(1442018818771), s(null), s('America/Los_Angeles')], 'STRING'))).toBe('2015-09-11T17:46:58.771-07:00');
  });

  it('prints Joda patterns', () => {
    const t = L(ts('2015-09-12T13:05:09.007Z'));
    expect(scalar(fn('TIME_FORMAT', [t, s('yyyy-MM-dd HH:mm:ss.SSS')], 'STRING'))).toBe('2015-09-12 13:05:09.007');
    expect(scalar(fn('TIME_FORMAT', [t, s("EEE, dd MMM yyyy hh:mm a 'UTC'")], 'STRING'))).toBe('Sat, 12 Sep 2015 01:05 PM UTC');
    expect(scalar(fn('TIME_FORMAT', [t, s('EEEE MMMM d yy')], 'STRING'))).toBe('Saturday September 12 15');
    expect(scalar(fn('TIME_FORMAT', [t, s('Z ZZ ZZZ'), s('Asia/Kolkata')], 'STRING'))).toBe('+0530 +05:30 Asia/Kolkata');
    expect(scalar(fn('TIME_FORMAT', [t, s('HH:mm'), s('Asia/Kolkata')], 'STRING'))).toBe('18:35');
    expect(scalar(fn('TIME_FORMAT', [t, s("D w e ''x''")], 'STRING'))).toBe("255 37 6 '2015'");
  });

  it('rejects unknown pattern letters', () => {
    expect(() => scalar(fn('TIME_FORMAT', [L(0), s('yyyy-qq')], 'STRING'))).toThrow(DruidError);
  });

  it('round-trips through parse for many patterns', () => {
    const zone = timeZone('Europe/Berlin');
    for (const pattern of ['yyyy-MM-dd HH:mm:ss.SSS', "yyyy-MM-dd'T'HH:mm:ss.SSSZZ", 'dd MMMM yyyy hh:mm:ss.SSS a', 'yyyyMMddHHmmssSSS']) {
      const format = compileJodaFormat(pattern);
      for (const t of [0, 1442018818771, ts('2016-02-29T23:59:59.999Z'), ts('2015-03-29T01:30:00Z')]) {
        expect(format.parse(format.format(t, zone), zone), pattern).toBe(t);
      }
    }
  });
});

describe('TIME_FLOOR and TIME_CEIL', () => {
  it('floors to ISO periods (Druid examples)', () => {
    expect(scalar(fn('TIME_FLOOR', [L(ts('2015-09-12T13:45:00Z')), s('PT1H')], 'LONG'))).toBe(ts('2015-09-12T13:00:00Z'));
    expect(scalar(fn('TIME_FLOOR', [L(ts('2015-09-12T13:45:00Z')), s('P1D')], 'LONG'))).toBe(ts('2015-09-12T00:00:00Z'));
    expect(scalar(fn('TIME_FLOOR', [L(ts('2015-09-12T13:45:00Z')), s('P1M')], 'LONG'))).toBe(ts('2015-09-01T00:00:00Z'));
    expect(scalar(fn('TIME_FLOOR', [L(ts('2015-09-12T13:45:00Z')), s('P3M')], 'LONG'))).toBe(ts('2015-07-01T00:00:00Z'));
    expect(scalar(fn('TIME_FLOOR', [L(ts('2015-09-12T13:45:00Z')), s('P1Y')], 'LONG'))).toBe(ts('2015-01-01T00:00:00Z'));
    expect(scalar(fn('TIME_FLOOR', [L(ts('2015-09-12T13:45:00Z')), s('P1W')], 'LONG'))).toBe(ts('2015-09-07T00:00:00Z'));
    expect(scalar(fn('TIME_FLOOR', [L(ts('2015-09-12T13:47:00Z')), s('PT15M')], 'LONG'))).toBe(ts('2015-09-12T13:45:00Z'));
    expect(scalar(fn('TIME_FLOOR', [L(ts('2015-09-12T13:45:00Z')), s('PT6H')], 'LONG'))).toBe(ts('2015-09-12T12:00:00Z'));
  });

  it('floors in a time zone and from an origin', () => {
    const t = L(ts('2015-09-12T03:45:00Z'));
    expect(scalar(fn('TIME_FLOOR', [t, s('P1D'), n(null), s('America/Los_Angeles')], 'LONG'))).toBe(ts('2015-09-11T07:00:00Z'));
    expect(scalar(fn('TIME_FLOOR', [t, s('PT1H'), n(null), s('Asia/Kolkata')], 'LONG'))).toBe(ts('2015-09-12T03:30:00Z'));
    expect(scalar(fn('TIME_FLOOR', [t, s('PT2H'), L(ts('2015-09-12T01:30:00Z'))], 'LONG'))).toBe(ts('2015-09-12T03:30:00Z'));
    expect(scalar(fn('TIME_FLOOR', [t, s('P1M'), n(null), s('America/Los_Angeles')], 'LONG'))).toBe(ts('2015-09-01T07:00:00Z'));
  });

  it('handles daylight-saving days in a zone', () => {
    // 2015-11-01 is 25 hours long in Los Angeles.
    const t = L(ts('2015-11-02T07:30:00Z'));
    expect(scalar(fn('TIME_FLOOR', [t, s('P1D'), n(null), s('America/Los_Angeles')], 'LONG'))).toBe(ts('2015-11-01T07:00:00Z'));
    expect(scalar(fn('TIME_CEIL', [t, s('P1D'), n(null), s('America/Los_Angeles')], 'LONG'))).toBe(ts('2015-11-02T08:00:00Z'));
  });

  it('ceils to the next bucket unless already aligned', () => {
    expect(scalar(fn('TIME_CEIL', [L(ts('2015-09-12T13:45:00Z')), s('PT1H')], 'LONG'))).toBe(ts('2015-09-12T14:00:00Z'));
    expect(scalar(fn('TIME_CEIL', [L(ts('2015-09-12T13:00:00Z')), s('PT1H')], 'LONG'))).toBe(ts('2015-09-12T13:00:00Z'));
  });

  it('rejects malformed periods and zones', () => {
    expect(() => scalar(fn('TIME_FLOOR', [L(0), s('1H')], 'LONG'))).toThrow(DruidError);
    expect(() => scalar(fn('TIME_FLOOR', [L(0), s('PT1H'), n(null), s('Mars/Olympus')], 'LONG'))).toThrow(DruidError);
  });
});

describe('other time functions', () => {
  it('shifts by periods, clamping month ends', () => {
    expect(scalar(fn('TIME_SHIFT', [L(ts('2015-01-31T10:00:00Z')), s('P1M'), n(1)], 'LONG'))).toBe(ts('2015-02-28T10:00:00Z'));
    expect(scalar(fn('TIME_SHIFT', [L(ts('2015-09-12T13:45:00Z')), s('PT1H'), n(-2)], 'LONG'))).toBe(ts('2015-09-12T11:45:00Z'));
    expect(scalar(fn('TIME_SHIFT', [L(ts('2015-03-07T12:00:00Z')), s('P1D'), n(1), s('America/Los_Angeles')], 'LONG'))).toBe(ts('2015-03-08T11:00:00Z'));
  });

  it('extracts fields', () => {
    const t = L(ts('2015-09-12T13:45:30.123Z'));
    const extract = (unit: string, tz?: string) => scalar(fn('TIME_EXTRACT', tz ? [t, s(unit), s(tz)] : [t, s(unit)], 'LONG'));
    expect(extract('EPOCH')).toBe(1442065530);
    expect(extract('MILLISECOND')).toBe(123);
    expect(extract('SECOND')).toBe(30);
    expect(extract('MINUTE')).toBe(45);
    expect(extract('HOUR')).toBe(13);
    expect(extract('HOUR', 'America/Los_Angeles')).toBe(6);
    expect(extract('DAY')).toBe(12);
    expect(extract('DOW')).toBe(6);
    expect(extract('ISODOW')).toBe(6);
    expect(extract('DOY')).toBe(255);
    expect(extract('WEEK')).toBe(37);
    expect(extract('MONTH')).toBe(9);
    expect(extract('QUARTER')).toBe(3);
    expect(extract('YEAR')).toBe(2015);
    expect(scalar(fn('TIME_EXTRACT', [L(ts('2016-01-01T00:00:00Z')), s('WEEK')], 'LONG'))).toBe(53);
  });

  it('tests interval membership half-open', () => {
    const interval = s('2015-09-12T00:00:00Z/2015-09-13T00:00:00Z');
    expect(scalar(fn('TIME_IN_INTERVAL', [L(ts('2015-09-12T00:00:00Z')), interval], 'LONG'))).toBe(1);
    expect(scalar(fn('TIME_IN_INTERVAL', [L(ts('2015-09-13T00:00:00Z')), interval], 'LONG'))).toBe(0);
  });

  it('floors and ceils to SQL units, and truncates dates', () => {
    const t = L(ts('2015-09-12T13:45:30Z'));
    expect(scalar(fn('FLOOR_TIME', [t, s('HOUR')], 'LONG'))).toBe(ts('2015-09-12T13:00:00Z'));
    expect(scalar(fn('FLOOR_TIME', [t, s('QUARTER')], 'LONG'))).toBe(ts('2015-07-01T00:00:00Z'));
    expect(scalar(fn('FLOOR_TIME', [t, s('WEEK')], 'LONG'))).toBe(ts('2015-09-07T00:00:00Z'));
    expect(scalar(fn('CEIL_TIME', [t, s('DAY')], 'LONG'))).toBe(ts('2015-09-13T00:00:00Z'));
    expect(scalar(fn('DATE_TRUNC', [s('month'), t], 'LONG'))).toBe(ts('2015-09-01T00:00:00Z'));
    expect(scalar(fn('DATE_TRUNC', [s('decade'), t], 'LONG'))).toBe(ts('2010-01-01T00:00:00Z'));
    expect(() => scalar(fn('DATE_TRUNC', [s('fortnight'), t], 'LONG'))).toThrow(DruidError);
  });

  it('converts millis and reads the current time', () => {
    expect(scalar(fn('MILLIS_TO_TIMESTAMP', [L(5)], 'LONG'))).toBe(5);
    expect(scalar(fn('TIMESTAMP_TO_MILLIS', [L(5)], 'LONG'))).toBe(5);
    const before = Date.now();
    const now = scalar(fn('CURRENT_TIMESTAMP', [], 'LONG')) as number;
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('runs over columns, with NULL timestamps staying NULL', () => {
    const f = frame({ __time: 'LONG' }, [[ts('2015-09-12T13:45:00Z')], [null], [ts('2015-09-12T14:01:00Z')]]);
    expect(run(fn('TIME_FLOOR', [col('__time', 'LONG'), s('PT1H')], 'LONG'), f)).toEqual([ts('2015-09-12T13:00:00Z'), null, ts('2015-09-12T14:00:00Z')]);
    expect(run(fn('TIME_FORMAT', [col('__time', 'LONG'), s('HH:mm')], 'STRING'), f)).toEqual(['13:45', null, '14:01']);
  });

  it('floors a column of values marked as safe integers (a segment __time) as it floors the same values unmarked', () => {
    const times = [0, 1, 3_599_999, 3_600_000, 3_600_001, 7_199_999, 7_200_000, -1, -3_600_000, -3_600_001, ts('2015-09-12T13:45:00Z'), ts('2015-09-12T13:59:59.999Z')];
    const floorHour = fn('TIME_FLOOR', [col('t', 'LONG'), s('PT1H')], 'LONG');
    const unmarked = run(floorHour, frame({ t: 'LONG' }, times.map((t) => [t])));
    const marked = frame({ t: 'LONG' }, times.map((t) => [t]));
    const t = marked.columns[0] as NumericColumn;
    expect(run(floorHour, { ...marked, columns: [{ ...t, values: markLongValues(t.values.slice()) }] })).toEqual(unmarked);
    expect(unmarked.slice(0, 10)).toEqual([0, 0, 0, 3_600_000, 3_600_000, 3_600_000, 7_200_000, -3_600_000, -3_600_000, -7_200_000]);
  });
});

describe('time helpers', () => {
  it('parses ISO week and ordinal dates', () => {
    expect(parseIsoTimestamp('2015-W37-6', null)).toBe(ts('2015-09-12T00:00:00Z'));
    expect(parseIsoTimestamp('2015-255', null)).toBe(ts('2015-09-12T00:00:00Z'));
    expect(parseIsoTimestamp('2015-09', null)).toBe(ts('2015-09-01T00:00:00Z'));
  });

  it('resolves daylight-saving gaps and overlaps like Joda', () => {
    const la = timeZone('America/Los_Angeles');
    // 02:30 does not exist on 2015-03-08: shifted forward to 03:30 PDT.
    expect(parseIsoTimestamp('2015-03-08T02:30:00', la)).toBe(ts('2015-03-08T10:30:00Z'));
    // 01:30 happens twice on 2015-11-01: the earlier (PDT) instant wins.
    expect(parseIsoTimestamp('2015-11-01T01:30:00', la)).toBe(ts('2015-11-01T08:30:00Z'));
    expect(formatIso(ts('2015-11-01T09:30:00Z'), la)).toBe('2015-11-01T01:30:00.000-08:00');
  });

  it('accepts fixed offsets as zones', () => {
    expect(formatIso(0, timeZone('+05:30'))).toBe('1970-01-01T05:30:00.000+05:30');
    expect(timeZone('UTC').id).toBe('UTC');
  });
});

describe('compiled floors', () => {
  // A deterministic pseudo-random sequence.
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };

  it('agree with the general Druid bucketing for many periods, zones and origins', () => {
    const periods = ['PT1S', 'PT1M', 'PT15M', 'PT1H', 'PT2H', 'PT6H', 'P1D', 'P2D', 'P1W', 'P2W', 'P1M', 'P3M', 'P1Y', 'PT1H30M', 'P1DT12H'];
    const zones = ['UTC', '+05:30', '-08:00', 'America/Los_Angeles', 'Asia/Kolkata', 'Australia/Adelaide'];
    const origins = [null, ts('2015-01-01T00:30:00Z'), ts('1969-06-01T00:00:00Z')];
    for (const text of periods) {
      for (const zoneId of zones) {
        for (const origin of origins) {
          const period = parsePeriod(text);
          const zone = timeZone(zoneId);
          const floor = periodFloorer(period, origin, zone);
          let t = ts('2014-12-30T00:00:00Z');
          for (let i = 0; i < 60; i++) {
            t += Math.floor(random() * 6 * 3_600_000);
            expect(floor(t), `${text} ${zoneId} ${origin} ${t}`).toBe(floorToPeriod(t, period, origin, zone));
          }
          const early = -Math.floor(random() * 1e11);
          expect(floor(early), `${text} ${zoneId} ${origin} ${early}`).toBe(floorToPeriod(early, period, origin, zone));
        }
      }
    }
  });

  it('floor whole columns (fixed-length buckets with no call per value) as the general bucketing does, nulls kept', () => {
    const times = [ts('2015-09-12T00:00:00Z'), null, ts('2015-09-12T00:59:59.999Z'), ts('2015-09-12T01:00:00Z'), -1, -Math.floor(random() * 1e11), ts('1969-12-28T13:00:00Z')];
    for (let i = 0; i < 40; i++) times.push(ts('2015-09-12T00:00:00Z') + Math.floor(random() * 4e9) - 2e9);
    // Values the inline arithmetic hands to the general floor: a fraction, and far from the epoch.
    times.push(ts('2015-09-12T00:00:00Z') + 1.5, 4e13 + 7, -6e13 - 7);
    const rows = times.map((t) => [t]);
    for (const text of ['PT1H', 'P1D', 'PT1M', 'PT1S', 'P1W', 'PT15M', 'P1M']) {
      for (const zoneId of ['UTC', '+05:30', 'America/Los_Angeles']) {
        const floored = run(fn('TIME_FLOOR', [col('t', 'LONG'), s(text), s(null), s(zoneId)], 'LONG'), frame({ t: 'LONG' }, rows));
        const expected = times.map((t) => (t === null ? null : floorToPeriod(t, parsePeriod(text), null, timeZone(zoneId))));
        expect(floored, `${text} ${zoneId}`).toEqual(expected);
      }
    }
  });

  it('compute calendar fields like Date for any instant', () => {
    for (let i = 0; i < 2000; i++) {
      const t = Math.floor((random() - 0.5) * 2e13);
      const f = dateFields(t, UTC);
      const d = new Date(t);
      expect([f.year, f.month, f.day, f.hour, f.minute, f.second, f.millis, f.dayOfWeek]).toEqual([
        d.getUTCFullYear(),
        d.getUTCMonth() + 1,
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
        d.getUTCMilliseconds(),
        d.getUTCDay() === 0 ? 7 : d.getUTCDay(),
      ]);
      const jan1 = new Date(0);
      jan1.setUTCFullYear(f.year, 0, 1);
      expect(f.dayOfYear).toBe(Math.floor((t - jan1.getTime()) / 86_400_000) + 1);
    }
  });
});

describe('ISO timestamps in the common shape (read from character codes)', () => {
  it('agree with the general parser on valid, invalid and edge dates', () => {
    const random = rng(20261121);
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    const texts: string[] = ['2016-02-29T23:59:59.999Z', '2015-02-29T00:00:00Z', '2000-02-29T12:00:00Z', '1900-02-29T12:00:00Z', '0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59Z', '2015-13-01T00:00:00Z', '2015-04-31T00:00:00Z', '2015-01-01T24:00:00Z', '2015-01-01T00:60:00Z', '2015-01-01T00:00:60Z', '2015-00-10T00:00:00Z', '2015-01-00T00:00:00Z', '201a-01-01T00:00:00Z', '2015-01-01T00:00:00.5Z'];
    for (let i = 0; i < 20_000; i++) {
      const year = Math.floor(random() * 10_000);
      const month = Math.floor(random() * 14);
      const day = Math.floor(random() * 33);
      const time = `${pad(Math.floor(random() * 25), 2)}:${pad(Math.floor(random() * 61), 2)}:${pad(Math.floor(random() * 61), 2)}`;
      texts.push(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${time}${random() < 0.5 ? `.${pad(Math.floor(random() * 1000), 3)}` : ''}Z`);
    }
    // A leading space takes the general (regular expression) parser, which trims it.
    for (const text of texts) expect(parseIsoTimestamp(text, null), text).toBe(parseIsoTimestamp(` ${text}`, null));
    expect(parseIsoTimestamp('2015-09-12T00:46:58.771Z', null)).toBe(1442018818771);
  });
});

describe('TIME_PARSE over a STRING column', () => {
  // Every shape the fast byte reading accepts or must refuse, and what only the general parser reads.
  const TEXTS = [
    '2015-09-12T00:46:58.771Z', '2015-09-12T00:46:58Z', '2016-02-29T23:59:59.999Z', '2015-02-29T00:00:00Z', '2015-09-12T24:00:00Z',
    '2015-13-01T00:00:00.000Z', '2015-09-12T00:46:58.77Z', '2015-09-12t00:46:58Z', '2015-09-12T00:46:58.771+02:00', '2015-09-12',
    '2015-09-12 10:00', ' 2015-09-12T00:46:58Z', '2015-09-12T0a:46:58Z', '20150912T004658Z', 'not a time', '', 'été', null,
  ];
  const expected = (text: string | null) => (text === null ? null : scalar(fn('TIME_PARSE', [s(text)], 'LONG')));

  it('reads the usual shape as Druid does, whatever holds the text', () => {
    expect(expected('2016-02-29T23:59:59.999Z')).toBe(Date.UTC(2016, 1, 29, 23, 59, 59, 999));
    expect(expected('1999-12-31T00:00:01Z')).toBe(Date.UTC(1999, 11, 31, 0, 0, 1));
    // No 29 February in 2015, no hour 24 (JavaScript's Date.parse takes it as the next midnight), no
    // month 13, and no character beyond ASCII (U+0132's low byte is the digit 2).
    for (const text of ['2015-02-29T00:00:00Z', '2015-09-12T24:00:00Z', '2015-13-01T00:00:00.000Z', '\u0132015-09-12T00:46:58Z']) expect(expected(text)).toBe(null);
  });

  it('gives each row what the per-value parser gives, from a string dictionary and from UTF-8 bytes', () => {
    // Fewer than 32 rows go straight to the call; 200 rows of 18 values go through the dictionary
    // path first, which evaluates the call on one row per used entry.
    for (const count of [TEXTS.length + 8, 200]) {
      const rows = Array.from({ length: count }, (_, i) => TEXTS[(i * 7) % TEXTS.length]!);
      const strings = frame({ t: 'STRING' }, rows.map((t) => [t]));
      const column = strings.columns[0] as StringColumn;
      const bytes: Frame = { ...strings, columns: [utf8StringColumn(column.ids, encodeUtf8Dictionary(column.dictionary))] };
      const want = rows.map(expected);
      expect(want.filter((t) => t !== null).length).toBeGreaterThan(count / 3);
      for (const f of [strings, bytes]) expect(run(fn('TIME_PARSE', [col('t', 'STRING')], 'LONG'), f)).toEqual(want);
      // The bytes were read as they are: their strings were never decoded.
      expect(Object.getOwnPropertyDescriptor(bytes.columns[0]!, 'dictionary')?.get).toBeTypeOf('function');
    }
  });

  it('parses row by row when the dictionary is much larger than the rows (a segment dictionary shared by small frames)', () => {
    const dictionary = TEXTS.filter((t): t is string => t !== null);
    const ids = Int32Array.of(0, 8, -1, 14);
    const want = Array.from(ids, (id) => (id < 0 ? null : expected(dictionary[id]!)));
    expect(want.filter((t) => t !== null)).toHaveLength(2);
    for (const column of [{ kind: 'string', ids, dictionary } as StringColumn, utf8StringColumn(ids, encodeUtf8Dictionary(dictionary))]) {
      expect(run(fn('TIME_PARSE', [col('t', 'STRING')], 'LONG'), { signature: [{ name: 't', type: 'STRING' }], numRows: ids.length, columns: [column] })).toEqual(want);
    }
  });
});
