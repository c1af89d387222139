import { describe, expect, it } from 'vitest';
import { type Expr, HllSketch, QuantilesSketch, ThetaSketch, hashValue } from '../src/index.ts';
import { col, d, fn, frame, n, run, s, scalar } from './helpers.ts';

const T = (iso: string): number => Date.parse(iso);
const ts = (iso: string): Expr => n(T(iso));

describe('numeric and bitwise functions', () => {
  it('bitwise operations work on 64-bit longs', () => {
    expect(scalar(fn('BITWISE_AND', [n(12), n(10)], 'LONG'))).toBe(8);
    expect(scalar(fn('BITWISE_OR', [n(12), n(10)], 'LONG'))).toBe(14);
    expect(scalar(fn('BITWISE_XOR', [n(12), n(10)], 'LONG'))).toBe(6);
    expect(scalar(fn('BITWISE_COMPLEMENT', [n(0)], 'LONG'))).toBe(-1);
    expect(scalar(fn('BITWISE_SHIFT_LEFT', [n(1), n(40)], 'LONG'))).toBe(2 ** 40);
    expect(scalar(fn('BITWISE_SHIFT_RIGHT', [n(-16), n(2)], 'LONG'))).toBe(-4);
    expect(scalar(fn('BITWISE_AND', [d(12.9), n(10)], 'LONG'))).toBe(8);
    expect(scalar(fn('BITWISE_CONVERT_DOUBLE_TO_LONG_BITS', [d(1)], 'LONG'))).toBe(4607182418800017408);
    expect(scalar(fn('BITWISE_CONVERT_LONG_BITS_TO_DOUBLE', [fn('BITWISE_CONVERT_DOUBLE_TO_LONG_BITS', [d(0.5)], 'LONG')], 'DOUBLE'))).toBe(0.5);
  });

  it('formats byte counts like Druid’s HumanReadableBytes (HALF_UP rounding)', () => {
    expect(scalar(fn('HUMAN_READABLE_BINARY_BYTE_FORMAT', [n(1048576)], 'STRING'))).toBe('1.00 MiB');
    // Druid's docs print 1.04 here; its formatter (and its tests) round 1.048 half-up to 1.05.
    expect(scalar(fn('HUMAN_READABLE_DECIMAL_BYTE_FORMAT', [n(1048576)], 'STRING'))).toBe('1.05 MB');
    expect(scalar(fn('HUMAN_READABLE_DECIMAL_FORMAT', [n(1048576)], 'STRING'))).toBe('1.05 M');
    expect([0, 1, 2, 3].map((p) => scalar(fn('HUMAN_READABLE_BINARY_BYTE_FORMAT', [n(1500), n(p)], 'STRING')))).toEqual(['1 KiB', '1.5 KiB', '1.46 KiB', '1.465 KiB']);
    expect(scalar(fn('HUMAN_READABLE_DECIMAL_BYTE_FORMAT', [n(99999)], 'STRING'))).toBe('100.00 KB');
    expect(scalar(fn('HUMAN_READABLE_DECIMAL_FORMAT', [n(-1000)], 'STRING'))).toBe('-1.00 K');
    expect(scalar(fn('HUMAN_READABLE_BINARY_BYTE_FORMAT', [n(1023)], 'STRING'))).toBe('1023 B');
    expect(scalar(fn('HUMAN_READABLE_DECIMAL_FORMAT', [n(999)], 'STRING'))).toBe('999');
    expect(scalar(fn('HUMAN_READABLE_BINARY_BYTE_FORMAT', [n(1536), n(1)], 'STRING'))).toBe('1.5 KiB');
    expect(() => scalar(fn('HUMAN_READABLE_BINARY_BYTE_FORMAT', [n(1), n(4)], 'STRING'))).toThrow(/precision/);
  });

  it('trigonometry, PI and DIV', () => {
    expect(scalar(fn('PI', [], 'DOUBLE'))).toBe(Math.PI);
    expect(scalar(fn('DEGREES', [d(Math.PI)], 'DOUBLE'))).toBe(180);
    expect(scalar(fn('ATAN2', [d(1), d(1)], 'DOUBLE'))).toBeCloseTo(Math.PI / 4);
    expect(scalar(fn('DIV', [n(7), n(2)], 'LONG'))).toBe(3);
    expect(scalar(fn('DIV', [d(-7.5), d(2)], 'LONG'))).toBe(-3);
    expect(() => scalar(fn('DIV', [n(1), n(0)], 'LONG'))).toThrow('/ by zero');
  });
});

describe('more string functions', () => {
  it('regexp_replace, icontains, position, parse_long, base64, strlen', () => {
    expect(scalar(fn('REGEXP_REPLACE', [s('a1b22c333'), s('\\d+'), s('<$0>')], 'STRING'))).toBe('a<$0>b<$0>c<$0>');
    expect(scalar(fn('REGEXP_REPLACE', [s('2024-01-05'), s('(\\d+)-(\\d+)-(\\d+)'), s('$3/$2/$1')], 'STRING'))).toBe('05/01/2024');
    expect(scalar(fn('ICONTAINS_STRING', [s('Druid'), s('RUI')], 'LONG'))).toBe(1);
    expect(scalar(fn('POSITION', [s('b'), s('abcb'), n(3)], 'LONG'))).toBe(4);
    expect(scalar(fn('POSITION', [s('z'), s('abcb')], 'LONG'))).toBe(0);
    expect(scalar(fn('PARSE_LONG', [s('ff'), n(16)], 'LONG'))).toBe(255);
    expect(scalar(fn('PARSE_LONG', [s('0x1F'), n(16)], 'LONG'))).toBe(31);
    expect(scalar(fn('PARSE_LONG', [s('-101'), n(2)], 'LONG'))).toBe(-5);
    expect(scalar(fn('PARSE_LONG', [s('12z')], 'LONG'))).toBeNull();
    expect(scalar(fn('DECODE_BASE64_UTF8', [s(Buffer.from('héllo').toString('base64'))], 'STRING'))).toBe('héllo');
    expect(scalar(fn('STRLEN', [s('abc')], 'LONG'))).toBe(3);
  });

  it('STRING_FORMAT follows Java’s String.format', () => {
    expect(scalar(fn('STRING_FORMAT', [s('%s has %d items (%.2f%%)'), s('cart'), n(3), d(12.345)], 'STRING'))).toBe('cart has 3 items (12.35%)');
    expect(scalar(fn('STRING_FORMAT', [s('[%5s|%-5s|%05d|%,d|%x]'), s('ab'), s('cd'), n(42), n(1234567), n(255)], 'STRING'))).toBe('[   ab|cd   |00042|1,234,567|ff]');
    expect(scalar(fn('STRING_FORMAT', [s('%2$s-%1$s'), s('a'), s('b')], 'STRING'))).toBe('b-a');
    expect(scalar(fn('STRING_FORMAT', [s('%.3e'), d(12345.678)], 'STRING'))).toBe('1.235e+04');
    expect(scalar(fn('STRING_FORMAT', [s('%s'), d(1)], 'STRING'))).toBe('1.0');
    expect(() => scalar(fn('STRING_FORMAT', [s('%d'), d(1.5)], 'STRING'))).toThrow(/needs a LONG/);
  });

  it('IPv4 functions', () => {
    expect(scalar(fn('IPV4_PARSE', [s('192.168.0.1')], 'LONG'))).toBe(3232235521);
    expect(scalar(fn('IPV4_PARSE', [s('300.1.1.1')], 'LONG'))).toBeNull();
    expect(scalar(fn('IPV4_STRINGIFY', [n(3232235521)], 'STRING'))).toBe('192.168.0.1');
    expect(scalar(fn('IPV4_MATCH', [s('192.168.4.5'), s('192.168.0.0/16')], 'LONG'))).toBe(1);
    expect(scalar(fn('IPV4_MATCH', [n(3232235521), s('10.0.0.0/8')], 'LONG'))).toBe(0);
    expect(scalar(fn('IPV4_MATCH', [s('junk'), s('10.0.0.0/8')], 'LONG'))).toBe(0);
  });
});

describe('more time functions', () => {
  it('TIME_SHIFT takes negative steps', () => {
    expect(scalar(fn('TIME_SHIFT', [ts('2000-03-31T10:00:00Z'), s('P1M'), n(-1)], 'LONG'))).toBe(T('2000-02-29T10:00:00Z'));
    expect(scalar(fn('TIME_SHIFT', [ts('2000-01-02T00:00:00Z'), s('PT1H'), n(-25)], 'LONG'))).toBe(T('2000-01-01T00:00:00Z') - 3_600_000);
  });

  it('TIMESTAMPADD and TIMESTAMPDIFF', () => {
    expect(scalar(fn('TIMESTAMPADD', [s('MONTH'), n(1), ts('2000-01-31T00:00:00Z')], 'LONG'))).toBe(T('2000-02-29T00:00:00Z'));
    expect(scalar(fn('TIMESTAMPADD', [s('QUARTER'), n(-1), ts('2000-05-15T00:00:00Z')], 'LONG'))).toBe(T('2000-02-15T00:00:00Z'));
    expect(scalar(fn('TIMESTAMPADD', [s('HOUR'), n(5), ts('2000-01-01T22:00:00Z')], 'LONG'))).toBe(T('2000-01-02T03:00:00Z'));
    expect(scalar(fn('TIMESTAMPDIFF', [s('DAY'), ts('2000-01-01T12:00:00Z'), ts('2000-01-03T11:59:59Z')], 'LONG'))).toBe(1);
    expect(scalar(fn('TIMESTAMPDIFF', [s('HOUR'), ts('2000-01-01T03:00:00Z'), ts('2000-01-01T00:30:00Z')], 'LONG'))).toBe(-2);
    // Joda's monthsBetween: the last day of a shorter month completes the month.
    expect(scalar(fn('TIMESTAMPDIFF', [s('MONTH'), ts('2000-01-31T00:00:00Z'), ts('2000-02-29T00:00:00Z')], 'LONG'))).toBe(1);
    expect(scalar(fn('TIMESTAMPDIFF', [s('MONTH'), ts('2000-01-30T00:00:00Z'), ts('2000-02-28T00:00:00Z')], 'LONG'))).toBe(0);
    expect(scalar(fn('TIMESTAMPDIFF', [s('MONTH'), ts('2000-01-15T00:00:00Z'), ts('2000-03-15T00:00:00Z')], 'LONG'))).toBe(2);
    expect(scalar(fn('TIMESTAMPDIFF', [s('YEAR'), ts('2001-06-01T00:00:00Z'), ts('2000-01-01T00:00:00Z')], 'LONG'))).toBe(-1);
    expect(scalar(fn('TIMESTAMPDIFF', [s('QUARTER'), ts('2000-01-01T00:00:00Z'), ts('2000-12-31T00:00:00Z')], 'LONG'))).toBe(3);
  });

  it('TIME_EXTRACT knows DECADE, CENTURY, MILLENNIUM and MICROSECOND', () => {
    const t = ts('2001-02-03T04:05:06.789Z');
    const extract = (unit: string) => scalar(fn('TIME_EXTRACT', [t, s(unit)], 'LONG'));
    expect([extract('DECADE'), extract('CENTURY'), extract('MILLENNIUM'), extract('MICROSECOND')]).toEqual([200, 21, 3, Math.trunc(T('2001-02-03T04:05:06.789Z') / 1e6)]);
  });

  it('CURRENT_DATE is today at midnight', () => {
    const today = scalar(fn('CURRENT_DATE', [], 'LONG')) as number;
    expect(today % 86_400_000).toBe(0);
    expect(Date.now() - today).toBeLessThan(86_400_000 + 1000);
  });
});

describe('sketch scalar functions', () => {
  const out = new Uint32Array(4);
  const hll = (from: number, to: number, lgK = 12): string => {
    const sketch = new HllSketch(lgK);
    for (let i = from; i < to; i++) {
      hashValue(i, out);
      sketch.update(out[0]!, out[1]!);
    }
    return sketch.serialize();
  };
  const theta = (from: number, to: number): string => {
    const sketch = new ThetaSketch(16384);
    for (let i = from; i < to; i++) {
      hashValue(i, out);
      sketch.update(out[0]!, out[1]!);
    }
    return sketch.serialize();
  };
  const data = frame({ h: 'COMPLEX<json>', t: 'COMPLEX<json>' }, [
    [hll(0, 100), theta(0, 600)],
    [hll(50, 150), theta(400, 1000)],
    [null, null],
  ]);
  const h = col('h', 'COMPLEX<json>');
  const t = col('t', 'COMPLEX<json>');

  it('HLL estimate, bounds, union and summary', () => {
    expect(run(fn('HLL_SKETCH_ESTIMATE', [h, n(1)], 'DOUBLE'), data)).toEqual([100, 100, null]);
    const union = fn('HLL_SKETCH_UNION', [h, s(hll(100, 300))], 'COMPLEX<json>');
    expect(run(fn('HLL_SKETCH_ESTIMATE', [union, n(1)], 'DOUBLE'), data)).toEqual([300, 250, 200]);
    const withParams = fn('HLL_SKETCH_UNION', [n(10), s('HLL_8'), h], 'COMPLEX<json>');
    expect(HllSketch.deserialize(run(withParams, data)[0] as string).lgK).toBe(10);
    const [estimate, lower, upper] = run(fn('HLL_SKETCH_ESTIMATE_WITH_ERROR_BOUNDS', [h, n(2)], 'ARRAY<DOUBLE>'), data)[0] as number[];
    expect(lower! <= estimate! && estimate! <= upper!).toBe(true);
    expect(run(fn('HLL_SKETCH_TO_STRING', [h], 'STRING'), data)[0]).toContain('Log Config K   : 12');
  });

  it('theta estimate and set operations', () => {
    expect(run(fn('THETA_SKETCH_ESTIMATE', [t], 'DOUBLE'), data)).toEqual([600, 600, null]);
    const second = s(theta(400, 1000));
    const est = (e: Expr) => scalar(fn('THETA_SKETCH_ESTIMATE', [e], 'DOUBLE'));
    const first = s(theta(0, 600));
    expect(est(fn('THETA_SKETCH_UNION', [first, second], 'COMPLEX<json>'))).toBe(1000);
    expect(est(fn('THETA_SKETCH_INTERSECT', [first, second], 'COMPLEX<json>'))).toBe(200);
    expect(est(fn('THETA_SKETCH_NOT', [n(1024), first, second], 'COMPLEX<json>'))).toBe(400);
    expect(run(fn('THETA_SKETCH_ESTIMATE_WITH_ERROR_BOUNDS', [t, n(1)], 'COMPLEX<json>'), data)[0]).toEqual({ estimate: 600, highBound: 600, lowBound: 600, numStdDev: 1 });
  });

  it('quantiles queries', () => {
    const sketch = new QuantilesSketch(128);
    for (let i = 1; i <= 100; i++) sketch.update(i);
    const q = s(sketch.serialize());
    expect(scalar(fn('DS_GET_QUANTILE', [q, d(0.5)], 'DOUBLE'))).toBe(50);
    expect(scalar(fn('DS_GET_QUANTILES', [q, d(0), d(0.25), d(1)], 'ARRAY<DOUBLE>'))).toEqual([1, 25, 100]);
    expect(scalar(fn('DS_GET_QUANTILES', [q, d(0), d(1)], 'STRING'))).toBe('[1.0,100.0]');
    expect(scalar(fn('DS_RANK', [q, d(26)], 'DOUBLE'))).toBe(0.25);
    expect(scalar(fn('DS_CDF', [q, d(11), d(51)], 'ARRAY<DOUBLE>'))).toEqual([0.1, 0.5, 1]);
    expect(scalar(fn('DS_HISTOGRAM', [q, d(11), d(51)], 'ARRAY<DOUBLE>'))).toEqual([10, 40, 50]);
    expect(scalar(fn('DS_QUANTILE_SUMMARY', [q], 'STRING'))).toContain('N                            : 100');
    expect(() => scalar(fn('DS_CDF', [q, d(5), d(1)], 'ARRAY<DOUBLE>'))).toThrow(/monotonically increasing/);
    expect(() => scalar(fn('DS_GET_QUANTILE', [s('not a sketch'), d(0.5)], 'DOUBLE'))).toThrow(/not a serialized quantiles sketch/);
  });
});
