import { DruidError } from '@silt/common';
import { describe, expect, it } from 'vitest';
import { SCALAR_FUNCTIONS } from '../src/index.ts';
import { col, d, fn, frame, n, run, s, scalar } from './helpers.ts';

const str = (name: string, ...args: Parameters<typeof s>[0][]) => scalar(fn(name, args.map((a) => s(a)), 'STRING'));

describe('string functions', () => {
  it('concatenates, with any NULL giving NULL', () => {
    expect(scalar(fn('CONCAT', [s('a'), n(1), d(2), s('b')], 'STRING'))).toBe('a12.0b');
    expect(scalar(fn('CONCAT', [s('a'), s(null)], 'STRING'))).toBe(null);
    expect(str('TEXTCAT', 'ab', 'cd')).toBe('abcd');
    expect(str('||', 'ab', 'cd')).toBe('abcd');
  });

  it('changes case and measures length', () => {
    expect(str('LOWER', 'DruiD')).toBe('druid');
    expect(str('UPPER', 'DruiD')).toBe('DRUID');
    expect(scalar(fn('LENGTH', [s('druid')], 'LONG'))).toBe(5);
    expect(scalar(fn('CHAR_LENGTH', [s('')], 'LONG'))).toBe(0);
  });

  it('takes substrings with 1-based positions', () => {
    const sub = (...args: Parameters<typeof n>[0][]) => scalar(fn('SUBSTRING', [s('abcdef'), ...args.map((a) => n(a))], 'STRING'));
    expect(sub(2)).toBe('bcdef');
    expect(sub(2, 3)).toBe('bcd');
    expect(sub(5, 10)).toBe('ef');
    expect(sub(10)).toBe('');
    expect(sub(0, 2)).toBe('a');
    expect(scalar(fn('SUBSTR', [s('abcdef'), n(3), n(1)], 'STRING'))).toBe('c');
  });

  it('trims spaces or given characters', () => {
    expect(str('TRIM', '  ab  ')).toBe('ab');
    expect(str('BTRIM', 'xxabxx', 'x')).toBe('ab');
    expect(str('LTRIM', '  ab  ')).toBe('ab  ');
    expect(str('RTRIM', '  ab  ')).toBe('  ab');
    expect(str('TRIM', 'xyabyx', 'xy')).toBe('ab');
  });

  it('replaces, finds and tests substrings', () => {
    expect(str('REPLACE', 'banana', 'an', 'AN')).toBe('bANANa');
    expect(str('REPLACE', 'banana', '', 'x')).toBe('banana');
    expect(scalar(fn('STRPOS', [s('banana'), s('nan')], 'LONG'))).toBe(3);
    expect(scalar(fn('STRPOS', [s('banana'), s('x')], 'LONG'))).toBe(0);
    expect(scalar(fn('CONTAINS_STRING', [s('banana'), s('nan')], 'LONG'))).toBe(1);
    expect(scalar(fn('CONTAINS_STRING', [s('banana'), s('NAN')], 'LONG'))).toBe(0);
  });

  it('extracts and matches regular expressions', () => {
    expect(str('REGEXP_EXTRACT', 'foo123bar', '\\d+')).toBe('123');
    expect(scalar(fn('REGEXP_EXTRACT', [s('foo123bar'), s('([a-z]+)(\\d+)'), n(2)], 'STRING'))).toBe('123');
    expect(str('REGEXP_EXTRACT', 'foobar', '\\d+')).toBe(null);
    expect(scalar(fn('REGEXP_LIKE', [s('foo123'), s('o1')], 'LONG'))).toBe(1);
    expect(scalar(fn('REGEXP_LIKE', [s('FOO'), s('(?i)foo')], 'LONG'))).toBe(1);
    expect(() => str('REGEXP_LIKE', 'x', '(')).toThrow(DruidError);
  });

  it('pads, reverses, repeats and slices', () => {
    expect(scalar(fn('LPAD', [s('ab'), n(5), s('xy')], 'STRING'))).toBe('xyxab');
    expect(scalar(fn('RPAD', [s('ab'), n(5), s('xy')], 'STRING'))).toBe('abxyx');
    expect(scalar(fn('LPAD', [s('abcdef'), n(3), s('x')], 'STRING'))).toBe('abc');
    expect(scalar(fn('RPAD', [s('ab'), n(4), s('')], 'STRING'))).toBe('ab');
    expect(str('REVERSE', 'abc')).toBe('cba');
    expect(scalar(fn('REPEAT', [s('ab'), n(3)], 'STRING'))).toBe('ababab');
    expect(scalar(fn('REPEAT', [s('ab'), n(-1)], 'STRING'))).toBe('');
    expect(scalar(fn('LEFT', [s('abcdef'), n(2)], 'STRING'))).toBe('ab');
    expect(scalar(fn('RIGHT', [s('abcdef'), n(2)], 'STRING'))).toBe('ef');
    expect(scalar(fn('RIGHT', [s('ab'), n(5)], 'STRING'))).toBe('ab');
    expect(() => scalar(fn('LEFT', [s('ab'), n(-1)], 'STRING'))).toThrow(DruidError);
  });

  it('propagates NULL through string functions', () => {
    const f = frame({ v: 'STRING' }, [['Ab'], [null]]);
    for (const name of ['LOWER', 'UPPER', 'REVERSE', 'TRIM', 'LTRIM', 'RTRIM']) {
      expect(run(fn(name, [col('v', 'STRING')], 'STRING'), f)[1]).toBe(null);
    }
    expect(run(fn('LENGTH', [col('v', 'STRING')], 'LONG'), f)).toEqual([2, null]);
  });
});

describe('numeric functions', () => {
  it('computes the basics', () => {
    expect(scalar(fn('ABS', [n(-3)], 'LONG'))).toBe(3);
    expect(scalar(fn('CEIL', [d(1.2)], 'DOUBLE'))).toBe(2);
    expect(scalar(fn('FLOOR', [d(-1.2)], 'DOUBLE'))).toBe(-2);
    expect(scalar(fn('POWER', [n(2), n(10)], 'DOUBLE'))).toBe(1024);
    expect(scalar(fn('SQRT', [d(16)], 'DOUBLE'))).toBe(4);
    expect(scalar(fn('EXP', [d(0)], 'DOUBLE'))).toBe(1);
    expect(scalar(fn('LN', [d(Math.E)], 'DOUBLE'))).toBe(1);
    expect(scalar(fn('LOG10', [d(1000)], 'DOUBLE'))).toBe(3);
    expect(scalar(fn('ABS', [n(null)], 'LONG'))).toBe(null);
  });

  it('rounds half up on the decimal value, like BigDecimal', () => {
    expect(scalar(fn('ROUND', [d(2.5)], 'DOUBLE'))).toBe(3);
    expect(scalar(fn('ROUND', [d(-2.5)], 'DOUBLE'))).toBe(-3);
    expect(scalar(fn('ROUND', [d(2.675), n(2)], 'DOUBLE'))).toBe(2.68);
    expect(scalar(fn('ROUND', [d(1.005), n(2)], 'DOUBLE'))).toBe(1.01);
    expect(scalar(fn('ROUND', [n(1250), n(-2)], 'LONG'))).toBe(1300);
    expect(scalar(fn('ROUND', [d(0.004), n(2)], 'DOUBLE'))).toBe(0);
  });

  it('truncates toward zero', () => {
    expect(scalar(fn('TRUNCATE', [d(1.299), n(2)], 'DOUBLE'))).toBe(1.29);
    expect(scalar(fn('TRUNC', [d(-1.99)], 'DOUBLE'))).toBe(-1);
    expect(scalar(fn('TRUNCATE', [n(1299), n(-2)], 'LONG'))).toBe(1200);
  });

  it('divides safely', () => {
    expect(scalar(fn('SAFE_DIVIDE', [n(7), n(2)], 'LONG'))).toBe(3);
    expect(scalar(fn('SAFE_DIVIDE', [d(7), d(2)], 'DOUBLE'))).toBe(3.5);
    expect(scalar(fn('SAFE_DIVIDE', [n(7), n(0)], 'LONG'))).toBe(null);
    expect(scalar(fn('SAFE_DIVIDE', [d(0), d(0)], 'DOUBLE'))).toBe(null);
  });

  it('finds GREATEST and LEAST, skipping NULLs', () => {
    expect(scalar(fn('GREATEST', [n(1), n(null), n(3)], 'LONG'))).toBe(3);
    expect(scalar(fn('LEAST', [n(1), n(null), n(3)], 'LONG'))).toBe(1);
    expect(scalar(fn('GREATEST', [s('a'), s('b')], 'STRING'))).toBe('b');
    expect(scalar(fn('LEAST', [n(null), n(null)], 'LONG'))).toBe(null);
  });
});

describe('SCALAR_FUNCTIONS', () => {
  it('lists every implemented name', () => {
    for (const name of ['+', 'MOD', 'NEG', '||', 'AND', 'IS NOT FALSE', 'LIKE', 'CASE_SIMPLE', 'CAST', 'TIME_PARSE', 'DATE_TRUNC', 'CURRENT_TIMESTAMP', 'CONCAT', 'RIGHT', 'TRUNC', 'NULLIF', 'IS DISTINCT FROM', 'IFNULL']) {
      expect(SCALAR_FUNCTIONS.has(name), name).toBe(true);
    }
    expect(SCALAR_FUNCTIONS.has('NO_SUCH')).toBe(false);
  });
});
