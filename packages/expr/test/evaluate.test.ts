import { DruidError, FaultError } from '@silt/common';
import { describe, expect, it } from 'vitest';
import { evaluate, evaluatePredicate, selectedRows } from '../src/index.ts';
import { col, d, fn, frame, n, run, s, scalar } from './helpers.ts';

const nums = frame({ a: 'LONG', b: 'LONG', x: 'DOUBLE', t: 'STRING' }, [
  [7, 2, 1.5, 'p'],
  [-7, 2, null, 'q'],
  [null, 3, 2.5, null],
  [9, 0, -1, 'p'],
]);

describe('column references and literals', () => {
  it('returns the input column itself for a plain reference', () => {
    expect(evaluate(col('t', 'STRING'), nums)).toBe(nums.columns[3]);
    expect(evaluate(col('a', 'LONG'), nums)).toBe(nums.columns[0]);
  });

  it('reads a missing column as NULL', () => {
    expect(run(col('missing', 'STRING'), nums)).toEqual([null, null, null, null]);
  });

  it('casts a column whose type differs from the reference type', () => {
    expect(run(col('a', 'STRING'), nums)).toEqual(['7', '-7', null, '9']);
  });

  it('repeats literals', () => {
    expect(run(n(5), nums)).toEqual([5, 5, 5, 5]);
    expect(run(s(null), nums)).toEqual([null, null, null, null]);
  });
});

describe('arithmetic', () => {
  it('divides LONGs as integers, truncating toward zero', () => {
    expect(run(fn('/', [col('a', 'LONG'), n(2)], 'LONG'), frame({ a: 'LONG' }, [[7], [-7], [null]]))).toEqual([3, -3, null]);
    expect(scalar(fn('%', [n(-7), n(2)], 'LONG'))).toBe(-1);
    expect(scalar(fn('MOD', [n(7), n(3)], 'LONG'))).toBe(1);
  });

  it('divides DOUBLEs as doubles', () => {
    expect(scalar(fn('/', [d(7), n(2)], 'DOUBLE'))).toBe(3.5);
    expect(scalar(fn('/', [d(1), d(0)], 'DOUBLE'))).toBe(Number.POSITIVE_INFINITY);
  });

  it('fails integer division by zero as Druid does', () => {
    const f = frame({ a: 'LONG', b: 'LONG' }, [[1, 0]]);
    expect(() => evaluate(fn('/', [col('a', 'LONG'), col('b', 'LONG')], 'LONG'), f)).toThrow(FaultError);
    expect(() => scalar(fn('%', [n(1), n(0)], 'LONG'))).toThrow('/ by zero');
  });

  it('propagates NULL', () => {
    expect(run(fn('+', [col('a', 'LONG'), col('b', 'LONG')], 'LONG'), nums)).toEqual([9, -5, null, 9]);
    expect(run(fn('*', [col('x', 'DOUBLE'), d(2)], 'DOUBLE'), nums)).toEqual([3, null, 5, -2]);
    expect(run(fn('NEG', [col('a', 'LONG')], 'LONG'), nums)).toEqual([-7, 7, null, -9]);
  });

  it('gives the same results through the kernel and the per-row path', () => {
    // A numeric column compared with a string column goes per row; with a numeric literal, through the kernel.
    const f = frame({ a: 'LONG', sa: 'STRING' }, [[1, '1'], [2, '3'], [null, '2']]);
    expect(run(fn('<', [col('a', 'LONG'), col('sa', 'STRING')], 'LONG'), f)).toEqual([0, 1, null]);
    expect(run(fn('<', [col('a', 'LONG'), n(2)], 'LONG'), f)).toEqual([1, 0, null]);
  });
});

describe('comparisons and logic', () => {
  it('compares with NULL as NULL', () => {
    expect(run(fn('>', [col('a', 'LONG'), n(0)], 'LONG'), nums)).toEqual([1, 0, null, 1]);
    expect(run(fn('=', [col('t', 'STRING'), s('p')], 'LONG'), nums)).toEqual([1, 0, null, 1]);
    expect(scalar(fn('<>', [s('a'), s('b')], 'LONG'))).toBe(1);
    expect(scalar(fn('<=', [s('b'), s('a')], 'LONG'))).toBe(0);
  });

  it('uses three-valued AND / OR / NOT', () => {
    const T = n(1);
    const F = n(0);
    const N = n(null);
    expect(scalar(fn('AND', [T, N], 'LONG'))).toBe(null);
    expect(scalar(fn('AND', [F, N], 'LONG'))).toBe(0);
    expect(scalar(fn('AND', [N, F], 'LONG'))).toBe(0);
    expect(scalar(fn('AND', [T, T, T], 'LONG'))).toBe(1);
    expect(scalar(fn('OR', [F, N], 'LONG'))).toBe(null);
    expect(scalar(fn('OR', [N, T], 'LONG'))).toBe(1);
    expect(scalar(fn('OR', [F, F], 'LONG'))).toBe(0);
    expect(scalar(fn('NOT', [N], 'LONG'))).toBe(null);
    expect(scalar(fn('NOT', [F], 'LONG'))).toBe(1);
  });

  it('evaluates later AND arguments only on undecided rows', () => {
    // b = 0 on row 3: a / b would fail there, but b <> 0 is false first.
    const cond = fn('AND', [fn('<>', [col('b', 'LONG'), n(0)], 'LONG'), fn('>', [fn('/', [col('a', 'LONG'), col('b', 'LONG')], 'LONG'), n(0)], 'LONG')], 'LONG');
    expect(run(cond, nums)).toEqual([1, 0, null, 0]);
  });

  it('implements the IS tests', () => {
    const a = col('a', 'LONG');
    expect(run(fn('IS NULL', [a], 'LONG'), nums)).toEqual([0, 0, 1, 0]);
    expect(run(fn('IS NOT NULL', [col('t', 'STRING')], 'LONG'), nums)).toEqual([1, 1, 0, 1]);
    const gt = fn('>', [a, n(0)], 'LONG');
    expect(run(fn('IS TRUE', [gt], 'LONG'), nums)).toEqual([1, 0, 0, 1]);
    expect(run(fn('IS FALSE', [gt], 'LONG'), nums)).toEqual([0, 1, 0, 0]);
    expect(run(fn('IS NOT TRUE', [gt], 'LONG'), nums)).toEqual([0, 1, 1, 0]);
    expect(run(fn('IS NOT FALSE', [gt], 'LONG'), nums)).toEqual([1, 0, 1, 1]);
  });

  it('implements IS [NOT] DISTINCT FROM with NULLs as equal', () => {
    expect(scalar(fn('IS DISTINCT FROM', [n(null), n(null)], 'LONG'))).toBe(0);
    expect(scalar(fn('IS DISTINCT FROM', [n(1), n(null)], 'LONG'))).toBe(1);
    expect(scalar(fn('IS NOT DISTINCT FROM', [n(null), n(null)], 'LONG'))).toBe(1);
    expect(scalar(fn('IS NOT DISTINCT FROM', [n(2), n(2)], 'LONG'))).toBe(1);
  });
});

describe('LIKE, IN, BETWEEN', () => {
  it('matches LIKE patterns with % and _ and an escape', () => {
    expect(scalar(fn('LIKE', [s('Wikipedia'), s('Wiki%')], 'LONG'))).toBe(1);
    expect(scalar(fn('LIKE', [s('Wikipedia'), s('wiki%')], 'LONG'))).toBe(0);
    expect(scalar(fn('LIKE', [s('abc'), s('a_c')], 'LONG'))).toBe(1);
    expect(scalar(fn('LIKE', [s('a.c'), s('a.c')], 'LONG'))).toBe(1);
    expect(scalar(fn('LIKE', [s('abc'), s('a.c')], 'LONG'))).toBe(0);
    expect(scalar(fn('LIKE', [s('50%'), s('50!%'), s('!')], 'LONG'))).toBe(1);
    expect(scalar(fn('LIKE', [s('500'), s('50!%'), s('!')], 'LONG'))).toBe(0);
    expect(scalar(fn('LIKE', [s(null), s('%')], 'LONG'))).toBe(null);
  });

  it('implements IN with SQL NULL rules', () => {
    expect(scalar(fn('IN', [n(2), n(1), n(2)], 'LONG'))).toBe(1);
    expect(scalar(fn('IN', [n(3), n(1), n(2)], 'LONG'))).toBe(0);
    expect(scalar(fn('IN', [n(3), n(1), n(null)], 'LONG'))).toBe(null);
    expect(scalar(fn('IN', [n(1), n(1), n(null)], 'LONG'))).toBe(1);
    expect(scalar(fn('IN', [n(null), n(1)], 'LONG'))).toBe(null);
    expect(run(fn('IN', [col('t', 'STRING'), s('q'), s('z')], 'LONG'), nums)).toEqual([0, 1, null, 0]);
  });

  it('hashes IN lists of numeric literals over numeric columns, with the same NULL rules', () => {
    const f = frame({ a: 'LONG' }, [[1], [2], [null], [4]]);
    const a = col('a', 'LONG');
    expect(run(fn('IN', [a, n(2), n(4), n(9)], 'LONG'), f)).toEqual([0, 1, null, 1]);
    expect(run(fn('IN', [a, n(2), n(null)], 'LONG'), f)).toEqual([null, 1, null, null]);
    // A non-literal item goes row by row and must agree.
    expect(run(fn('IN', [a, fn('+', [n(1), n(1)], 'LONG'), n(null)], 'LONG'), f)).toEqual([null, 1, null, null]);
  });

  it('implements BETWEEN inclusively', () => {
    expect(run(fn('BETWEEN', [col('a', 'LONG'), n(-7), n(7)], 'LONG'), nums)).toEqual([1, 1, null, 0]);
    expect(scalar(fn('BETWEEN', [n(5), n(null), n(3)], 'LONG'))).toBe(0);
    expect(scalar(fn('BETWEEN', [n(2), n(null), n(3)], 'LONG'))).toBe(null);
  });
});

describe('CASE and COALESCE', () => {
  it('picks the first true branch, else the ELSE value, else NULL', () => {
    const a = col('a', 'LONG');
    const expr = fn('CASE', [fn('>', [a, n(8)], 'LONG'), s('big'), fn('>', [a, n(0)], 'LONG'), s('small'), s('other')], 'STRING');
    expect(run(expr, nums)).toEqual(['small', 'other', 'other', 'big']);
    const noElse = fn('CASE', [fn('>', [a, n(8)], 'LONG'), s('big')], 'STRING');
    expect(run(noElse, nums)).toEqual([null, null, null, 'big']);
  });

  it('casts branch values to the CASE type', () => {
    const expr = fn('CASE', [fn('>', [col('a', 'LONG'), n(0)], 'LONG'), col('a', 'LONG'), d(0.5)], 'DOUBLE');
    expect(run(expr, nums)).toEqual([7, 0.5, 0.5, 9]);
  });

  it('evaluates THEN branches only on their rows', () => {
    const b = col('b', 'LONG');
    const expr = fn('CASE', [fn('<>', [b, n(0)], 'LONG'), fn('/', [n(10), b], 'LONG'), n(-1)], 'LONG');
    expect(run(expr, nums)).toEqual([5, 5, 3, -1]);
  });

  it('implements CASE_SIMPLE', () => {
    const expr = fn('CASE_SIMPLE', [col('t', 'STRING'), s('p'), n(1), s('q'), n(2), n(0)], 'LONG');
    expect(run(expr, nums)).toEqual([1, 2, 0, 1]);
    const noElse = fn('CASE_SIMPLE', [col('t', 'STRING'), s('q'), n(2)], 'LONG');
    expect(run(noElse, nums)).toEqual([null, 2, null, null]);
  });

  it('implements COALESCE, NVL, IFNULL and NULLIF', () => {
    expect(run(fn('COALESCE', [col('a', 'LONG'), col('b', 'LONG'), n(0)], 'LONG'), nums)).toEqual([7, -7, 3, 9]);
    expect(run(fn('NVL', [col('t', 'STRING'), s('none')], 'STRING'), nums)).toEqual(['p', 'q', 'none', 'p']);
    expect(run(fn('IFNULL', [col('x', 'DOUBLE'), n(0)], 'DOUBLE'), nums)).toEqual([1.5, 0, 2.5, -1]);
    expect(scalar(fn('COALESCE', [n(null), n(null)], 'LONG'))).toBe(null);
    expect(run(fn('NULLIF', [col('t', 'STRING'), s('p')], 'STRING'), nums)).toEqual([null, 'q', null, null]);
  });
});

describe('CAST', () => {
  it('casts strings to numbers, invalid text to NULL', () => {
    expect(scalar(fn('CAST', [s('42')], 'LONG'))).toBe(42);
    expect(scalar(fn('CAST', [s('4.9')], 'LONG'))).toBe(4);
    expect(scalar(fn('CAST', [s('abc')], 'LONG'))).toBe(null);
    expect(scalar(fn('CAST', [s('1.5e2')], 'DOUBLE'))).toBe(150);
    expect(scalar(fn('CAST', [s('x')], 'DOUBLE'))).toBe(null);
  });

  it('truncates DOUBLE to LONG', () => {
    expect(scalar(fn('CAST', [d(-3.9)], 'LONG'))).toBe(-3);
  });

  it('formats numbers as Druid does', () => {
    expect(scalar(fn('CAST', [n(12)], 'STRING'))).toBe('12');
    expect(scalar(fn('CAST', [d(1)], 'STRING'))).toBe('1.0');
    expect(scalar(fn('CAST', [d(0.1)], 'STRING'))).toBe('0.1');
    expect(scalar(fn('CAST', [d(1e20)], 'STRING'))).toBe('1.0E20');
    expect(scalar(fn('CAST', [fn('CAST', [d(0.1)], 'FLOAT')], 'STRING'))).toBe('0.1');
  });

  it('parses timestamps when casting a string to a LONG timestamp', () => {
    expect(scalar(fn('CAST', [s('2015-09-12T00:46:58.771Z')], 'LONG'))).toBe(1442018818771);
    expect(scalar(fn('CAST', [s('2015-09-12 00:46:58')], 'LONG'))).toBe(Date.UTC(2015, 8, 12, 0, 46, 58));
  });
});

describe('predicates', () => {
  it('keeps only TRUE rows', () => {
    const mask = evaluatePredicate(fn('>', [col('a', 'LONG'), n(0)], 'LONG'), nums);
    expect(Array.from(mask)).toEqual([1, 0, 0, 1]);
    expect(Array.from(selectedRows(mask))).toEqual([0, 3]);
  });

  it('rejects unknown functions', () => {
    expect(() => scalar(fn('NO_SUCH_FUNCTION', [n(1)], 'LONG'))).toThrow(DruidError);
  });
});
