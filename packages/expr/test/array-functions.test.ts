import { describe, expect, it } from 'vitest';
import { evaluatePredicate, literal } from '../src/index.ts';
import { col, fn, frame, n, run, s, scalar } from './helpers.ts';

// tags is a multi-value STRING column; nums an ARRAY<LONG> column.
const data = frame({ tags: 'STRING', nums: 'ARRAY<LONG>', name: 'STRING' }, [
  [['a', 'b', 'c'], [1, 2, 3], 'x'],
  ['b', [4], 'y'],
  [null, null, null],
  [['c', 'd'], [], 'z'],
]);
const tags = col('tags', 'STRING');
const nums = col('nums', 'ARRAY<LONG>');
const arr = (...values: (string | number)[]) => fn('ARRAY', values.map((v) => (typeof v === 'number' ? n(v) : s(v))), typeof values[0] === 'number' ? 'ARRAY<LONG>' : 'ARRAY<STRING>');

describe('array functions', () => {
  it('construct, measure and index arrays', () => {
    expect(scalar(arr(1, 2, 3))).toEqual([1, 2, 3]);
    expect(scalar(fn('ARRAY', [n(1), s('2')], 'ARRAY<STRING>'))).toEqual(['1', '2']);
    expect(run(fn('ARRAY_LENGTH', [nums], 'LONG'), data)).toEqual([3, 1, null, 0]);
    expect(run(fn('ARRAY_OFFSET', [nums, n(1)], 'LONG'), data)).toEqual([2, null, null, null]);
    expect(run(fn('ARRAY_ORDINAL', [nums, n(1)], 'LONG'), data)).toEqual([1, 4, null, null]);
    expect(run(fn('ARRAY_OFFSET_OF', [nums, n(3)], 'LONG'), data)).toEqual([2, null, null, null]);
    expect(run(fn('ARRAY_ORDINAL_OF', [nums, n(3)], 'LONG'), data)).toEqual([3, null, null, null]);
  });

  it('test membership', () => {
    expect(run(fn('ARRAY_CONTAINS', [nums, n(2)], 'LONG'), data)).toEqual([1, 0, null, 0]);
    expect(run(fn('ARRAY_CONTAINS', [nums, arr(1, 3)], 'LONG'), data)).toEqual([1, 0, null, 0]);
    expect(run(fn('ARRAY_OVERLAP', [nums, arr(3, 4)], 'LONG'), data)).toEqual([1, 1, null, 0]);
  });

  it('build new arrays', () => {
    expect(run(fn('ARRAY_APPEND', [nums, n(9)], 'ARRAY<LONG>'), data)).toEqual([[1, 2, 3, 9], [4, 9], null, [9]]);
    expect(run(fn('ARRAY_PREPEND', [n(0), nums], 'ARRAY<LONG>'), data)).toEqual([[0, 1, 2, 3], [0, 4], null, [0]]);
    expect(run(fn('ARRAY_CONCAT', [nums, arr(7, 8)], 'ARRAY<LONG>'), data)).toEqual([[1, 2, 3, 7, 8], [4, 7, 8], null, [7, 8]]);
    expect(run(fn('ARRAY_SLICE', [nums, n(1), n(3)], 'ARRAY<LONG>'), data)).toEqual([[2, 3], [], null, null]);
    expect(scalar(fn('ARRAY_SLICE', [arr(1, 2, 3), n(1)], 'ARRAY<LONG>'))).toEqual([2, 3]);
  });

  it('convert between arrays and strings', () => {
    expect(run(fn('ARRAY_TO_STRING', [nums, s('|')], 'STRING'), data)).toEqual(['1|2|3', '4', null, '']);
    expect(scalar(fn('STRING_TO_ARRAY', [s('a,b,,c,,'), s(',')], 'ARRAY<STRING>'))).toEqual(['a', 'b', '', 'c']);
    expect(scalar(fn('STRING_TO_ARRAY', [s('a1b22c'), s('\\d+')], 'ARRAY<STRING>'))).toEqual(['a', 'b', 'c']);
    expect(scalar(fn('STRING_TO_ARRAY', [s(''), s(',')], 'ARRAY<STRING>'))).toEqual(['']);
    expect(run(fn('MV_TO_ARRAY', [tags], 'ARRAY<STRING>'), data)).toEqual([['a', 'b', 'c'], ['b'], null, ['c', 'd']]);
    expect(run(fn('ARRAY_TO_MV', [nums], 'STRING'), data)).toEqual([['1', '2', '3'], '4', null, null]);
  });
});

describe('multi-value string functions', () => {
  it('measure, index and search multi-value rows', () => {
    expect(run(fn('MV_LENGTH', [tags], 'LONG'), data)).toEqual([3, 1, null, 2]);
    expect(run(fn('MV_OFFSET', [tags, n(1)], 'STRING'), data)).toEqual(['b', null, null, 'd']);
    expect(run(fn('MV_ORDINAL', [tags, n(1)], 'STRING'), data)).toEqual(['a', 'b', null, 'c']);
    expect(run(fn('MV_CONTAINS', [tags, s('c')], 'LONG'), data)).toEqual([1, 0, null, 1]);
    expect(run(fn('MV_OVERLAP', [tags, arr('b', 'd')], 'LONG'), data)).toEqual([1, 1, null, 1]);
    expect(run(fn('MV_OFFSET_OF', [tags, s('c')], 'LONG'), data)).toEqual([2, null, null, 0]);
    expect(run(fn('MV_ORDINAL_OF', [tags, s('c')], 'LONG'), data)).toEqual([3, null, null, 1]);
  });

  it('build multi-value rows (one value is a plain string, none is NULL)', () => {
    expect(run(fn('MV_APPEND', [tags, s('z')], 'STRING'), data)).toEqual([['a', 'b', 'c', 'z'], ['b', 'z'], null, ['c', 'd', 'z']]);
    expect(run(fn('MV_PREPEND', [s('z'), tags], 'STRING'), data)).toEqual([['z', 'a', 'b', 'c'], ['z', 'b'], null, ['z', 'c', 'd']]);
    expect(run(fn('MV_CONCAT', [tags, tags], 'STRING'), data)).toEqual([['a', 'b', 'c', 'a', 'b', 'c'], ['b', 'b'], null, ['c', 'd', 'c', 'd']]);
    expect(run(fn('MV_SLICE', [tags, n(1), n(2)], 'STRING'), data)).toEqual(['b', null, null, 'd']);
    expect(run(fn('MV_TO_STRING', [tags, s(',')], 'STRING'), data)).toEqual(['a,b,c', 'b', null, 'c,d']);
    expect(scalar(fn('STRING_TO_MV', [s('a,b'), s(',')], 'STRING'))).toEqual(['a', 'b']);
    expect(run(fn('MV_FILTER_ONLY', [tags, arr('a', 'c')], 'STRING'), data)).toEqual([['a', 'c'], null, null, 'c']);
    expect(run(fn('MV_FILTER_NONE', [tags, arr('a', 'c')], 'STRING'), data)).toEqual(['b', 'b', null, 'd']);
    expect(run(fn('MV_FILTER_PREFIX', [tags, s('c')], 'STRING'), data)).toEqual(['c', null, null, 'c']);
    expect(run(fn('MV_FILTER_REGEX', [tags, s('^[ad]$')], 'STRING'), data)).toEqual(['a', null, null, 'd']);
  });

  it('map string functions over each value', () => {
    expect(run(fn('UPPER', [tags], 'STRING'), data)).toEqual([['A', 'B', 'C'], 'B', null, ['C', 'D']]);
    expect(run(fn('CONCAT', [tags, s('-'), col('name', 'STRING')], 'STRING'), data)).toEqual([['a-x', 'b-x', 'c-x'], 'b-y', null, ['c-z', 'd-z']]);
    // A non-string result keeps single values and is NULL when there are several.
    expect(run(fn('LENGTH', [tags], 'LONG'), data)).toEqual([null, 1, null, null]);
  });

  it('match comparisons, LIKE and IN against any value; <> against none', () => {
    const mask = (pred: Parameters<typeof evaluatePredicate>[0]) => Array.from(evaluatePredicate(pred, data));
    expect(mask(fn('=', [tags, s('b')], 'LONG'))).toEqual([1, 1, 0, 0]);
    expect(mask(fn('<>', [tags, s('b')], 'LONG'))).toEqual([0, 0, 0, 1]);
    expect(mask(fn('LIKE', [tags, s('%d')], 'LONG'))).toEqual([0, 0, 0, 1]);
    expect(mask(fn('IN', [tags, s('a'), s('d')], 'LONG'))).toEqual([1, 0, 0, 1]);
    expect(mask(fn('REGEXP_LIKE', [tags, s('^c')], 'LONG'))).toEqual([1, 0, 0, 1]);
    expect(mask(fn('IS NULL', [tags], 'LONG'))).toEqual([0, 0, 1, 0]);
    expect(run(fn('CAST', [tags], 'STRING'), data)).toEqual([['a', 'b', 'c'], 'b', null, ['c', 'd']]);
    expect(run(fn('=', [tags, literal('a', 'STRING')], 'LONG'), data)).toEqual([1, 0, null, 0]);
  });

  it('reads an empty multi-value row as NULL', () => {
    const f = frame({ tags: 'STRING' }, [[[]], [['a']], [null]]);
    expect(Array.from(evaluatePredicate(fn('IS NULL', [tags], 'LONG'), f))).toEqual([1, 0, 1]);
    expect(run(fn('MV_LENGTH', [tags], 'LONG'), f)).toEqual([0, 1, null]);
  });
});
