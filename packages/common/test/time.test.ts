import { describe, expect, it } from 'vitest';
import { ETERNITY, addPeriod, bucketEnd, bucketStart, condenseIntervals, formatInterval, parseGranularity, parseInterval } from '../src/index.ts';

const t = (s: string) => Date.parse(s);

describe('intervals', () => {
  it('parses and prints ISO intervals as Druid does', () => {
    const iv = parseInterval('2015-09-12/2015-09-13');
    expect(formatInterval(iv)).toBe('2015-09-12T00:00:00.000Z/2015-09-13T00:00:00.000Z');
    expect(formatInterval(parseInterval('2015-09-12T01:00:00Z/PT2H'))).toBe('2015-09-12T01:00:00.000Z/2015-09-12T03:00:00.000Z');
    expect(formatInterval(ETERNITY)).toBe('-146136543-09-08T08:23:32.096Z/146140482-04-24T15:36:27.903Z');
  });
  it('rejects malformed intervals', () => {
    expect(() => parseInterval('2015-09-13/2015-09-12')).toThrow(/end before start/);
    expect(() => parseInterval('yesterday')).toThrow(/Invalid interval/);
  });
  it('condenses overlapping and abutting intervals', () => {
    expect(condenseIntervals([{ start: 5, end: 9 }, { start: 0, end: 5 }, { start: 20, end: 30 }])).toEqual([{ start: 0, end: 9 }, { start: 20, end: 30 }]);
  });
  it('adds calendar periods in UTC', () => {
    expect(new Date(addPeriod(t('2015-01-31T00:00:00Z'), 'P1M')).toISOString()).toBe('2015-02-28T00:00:00.000Z');
    expect(addPeriod(t('2015-01-01T00:00:00Z'), 'PT1H', 3)).toBe(t('2015-01-01T03:00:00Z'));
  });
});

describe('granularities', () => {
  it('parses named granularities, ALL TIME and ISO periods', () => {
    expect(parseGranularity('DAY')).toEqual({ type: 'period', period: 'P1D', name: 'DAY' });
    expect(parseGranularity('all time')).toEqual({ type: 'all' });
    expect(parseGranularity('PT1H')).toEqual({ type: 'period', period: 'PT1H', name: 'HOUR' });
    expect(parseGranularity('PT2H')).toEqual({ type: 'period', period: 'PT2H' });
    expect(parseGranularity('FORTNIGHTLY')).toBeUndefined();
  });
  it('buckets instants like Joda (UTC, weeks start Monday)', () => {
    const day = parseGranularity('DAY')!;
    expect(bucketStart(day, t('2015-09-12T13:45:00Z'))).toBe(t('2015-09-12T00:00:00Z'));
    expect(bucketEnd(day, t('2015-09-12T00:00:00Z'))).toBe(t('2015-09-13T00:00:00Z'));
    expect(bucketStart(parseGranularity('WEEK')!, t('2015-09-12T13:45:00Z'))).toBe(t('2015-09-07T00:00:00Z'));
    expect(bucketStart(parseGranularity('MONTH')!, t('2015-09-12T13:45:00Z'))).toBe(t('2015-09-01T00:00:00Z'));
    expect(bucketStart(parseGranularity('QUARTER')!, t('2015-09-12T13:45:00Z'))).toBe(t('2015-07-01T00:00:00Z'));
    expect(bucketStart(parseGranularity('HOUR')!, t('1969-12-31T23:30:00Z'))).toBe(t('1969-12-31T23:00:00Z'));
  });
});

describe('multi-unit periods align on the epoch, as Druid does', () => {
  it('P2W starts on Thursdays counted from 1970-01-01 and P7M counts months from 1970-01', () => {
    expect(new Date(bucketStart(parseGranularity('P2W')!, t('2015-09-12T13:45:00Z'))).toISOString()).toBe('2015-09-10T00:00:00.000Z');
    expect(new Date(bucketStart(parseGranularity('P7M')!, t('2015-09-12T13:45:00Z'))).toISOString()).toBe('2015-07-01T00:00:00.000Z');
    expect(new Date(bucketStart(parseGranularity('P1M')!, t('1969-12-15T00:00:00Z'))).toISOString()).toBe('1969-12-01T00:00:00.000Z');
  });
});
