import { DruidError } from '@silt/common';
import { describe, expect, it } from 'vitest';
import { SCALAR_FUNCTIONS, findAtPath, formatJsonPath, parseJsonPath } from '../src/index.ts';
import { col, d, fn, frame, n, run, s, scalar } from './helpers.ts';

const doc = { x: 1, y: [1, 2, 3], z: { a: 'b', 'c.d': true, list: [{ k: 1 }, { k: 2 }] }, n: null };
const data = frame({ j: 'COMPLEX<json>', t: 'STRING' }, [
  [doc, JSON.stringify(doc)],
  [{ x: 2.5 }, '{"x":"7"}'],
  [null, 'not json'],
]);
const j = col('j', 'COMPLEX<json>');
const t = col('t', 'STRING');

describe('JSONPath', () => {
  it('parses dot, bracket and index parts and prints them normalized', () => {
    expect(parseJsonPath("$.a['b.c'][0].d")).toEqual([{ field: 'a' }, { field: 'b.c' }, { index: 0 }, { field: 'd' }]);
    expect(parseJsonPath('$')).toEqual([]);
    expect(formatJsonPath(parseJsonPath("$.a['b.c'][0]"))).toBe("$.a['b.c'][0]");
    expect(findAtPath(doc, parseJsonPath('$.y[-1]'))).toBe(3);
    expect(findAtPath(doc, parseJsonPath('$.y[5]'))).toBeNull();
  });

  it('rejects bad paths with Druid’s message', () => {
    expect(() => parseJsonPath('a.b')).toThrow("Bad format, 'a.b' is not a valid JSONPath path: must start with '$'");
    expect(() => parseJsonPath('$.a[x]')).toThrow(/expected number for array specifier/);
    expect(() => parseJsonPath("$['a")).toThrow(/unterminated/);
  });
});

describe('JSON functions', () => {
  it('JSON_VALUE extracts primitives, casting to the RETURNING type', () => {
    expect(run(fn('JSON_VALUE', [j, s('$.x')], 'LONG'), data)).toEqual([1, 2, null]);
    expect(run(fn('JSON_VALUE', [j, s('$.x')], 'STRING'), data)).toEqual(['1', '2.5', null]);
    // Booleans read as LONG 1/0, as Druid's strict booleans do.
    expect(run(fn('JSON_VALUE', [j, s("$.z['c.d']")], 'STRING'), data)).toEqual(['1', null, null]);
    expect(run(fn('JSON_VALUE', [j, s('$.z')], 'STRING'), data)).toEqual([null, null, null]);
    expect(run(fn('JSON_VALUE', [j, s('$.y')], 'ARRAY<LONG>'), data)).toEqual([[1, 2, 3], null, null]);
    expect(run(fn('JSON_VALUE', [j, s('$.y[1]')], 'DOUBLE'), data)).toEqual([2, null, null]);
    // A STRING column holding JSON text is read as JSON.
    expect(run(fn('JSON_VALUE', [t, s('$.x')], 'LONG'), data)).toEqual([1, 7, null]);
  });

  it('JSON_QUERY, JSON_QUERY_ARRAY, JSON_KEYS and JSON_PATHS', () => {
    expect(run(fn('JSON_QUERY', [j, s('$.z.list[1]')], 'COMPLEX<json>'), data)).toEqual([{ k: 2 }, null, null]);
    expect(run(fn('JSON_QUERY_ARRAY', [j, s('$.z.list')], 'COMPLEX<json>'), data)).toEqual([[{ k: 1 }, { k: 2 }], null, null]);
    expect(run(fn('JSON_QUERY_ARRAY', [j, s('$.x')], 'COMPLEX<json>'), data)).toEqual([[1], [2.5], null]);
    expect(run(fn('JSON_KEYS', [j, s('$.z')], 'ARRAY<STRING>'), data)).toEqual([['a', 'c.d', 'list'], null, null]);
    expect(run(fn('JSON_KEYS', [j, s('$.y')], 'ARRAY<STRING>'), data)).toEqual([['0', '1', '2'], null, null]);
    expect(run(fn('JSON_PATHS', [j], 'ARRAY<STRING>'), data)[0]).toEqual(['$.x', '$.y', '$.z.a', "$.z['c.d']", '$.z.list[0].k', '$.z.list[1].k', '$.n']);
  });

  it('PARSE_JSON fails on bad input, TRY_PARSE_JSON gives NULL, TO_JSON_STRING serializes', () => {
    expect(scalar(fn('PARSE_JSON', [s('{"a":[1,{"b":null}]}')], 'COMPLEX<json>'))).toEqual({ a: [1, { b: null }] });
    expect(() => scalar(fn('PARSE_JSON', [s('{oops')], 'COMPLEX<json>'))).toThrow('Function[parse_json] bad string input [{oops]');
    expect(() => scalar(fn('PARSE_JSON', [n(1)], 'COMPLEX<json>'))).toThrow(DruidError);
    expect(scalar(fn('TRY_PARSE_JSON', [s('{oops')], 'COMPLEX<json>'))).toBeNull();
    expect(scalar(fn('TRY_PARSE_JSON', [s('[1,2]')], 'COMPLEX<json>'))).toEqual([1, 2]);
    expect(run(fn('TO_JSON_STRING', [j], 'STRING'), data)).toEqual([JSON.stringify(doc), '{"x":2.5}', null]);
    expect(scalar(fn('TO_JSON_STRING', [d(1)], 'STRING'))).toBe('1.0');
  });

  it('JSON_OBJECT builds objects and JSON_MERGE merges them (rightmost wins)', () => {
    const obj = fn('JSON_OBJECT', [s('a'), n(1), s('b'), fn('JSON_OBJECT', [s('c'), s('x')], 'COMPLEX<json>')], 'COMPLEX<json>');
    expect(scalar(obj)).toEqual({ a: 1, b: { c: 'x' } });
    expect(scalar(fn('JSON_MERGE', [obj, s('{"a":2,"d":[1]}')], 'COMPLEX<json>'))).toEqual({ a: 2, b: { c: 'x' }, d: [1] });
    expect(() => scalar(fn('JSON_OBJECT', [n(1), n(2)], 'COMPLEX<json>'))).toThrow(/field name must be a STRING/);
  });

  it('are all registered', () => {
    for (const name of ['JSON_VALUE', 'JSON_QUERY', 'JSON_QUERY_ARRAY', 'JSON_KEYS', 'JSON_PATHS', 'PARSE_JSON', 'TRY_PARSE_JSON', 'TO_JSON_STRING', 'JSON_OBJECT', 'JSON_MERGE']) {
      expect(SCALAR_FUNCTIONS.has(name)).toBe(true);
    }
  });
});
