import { describe, expect, it } from 'vitest';
import type { RowSignature } from '@silt/common';
import { evaluatePredicate } from '@silt/expr';
import { frameFromRows } from '@silt/frame';
import { nativeFilterToPredicate } from '../src/index.ts';

const SIGNATURE: RowSignature = [
  { name: '__time', type: 'LONG' },
  { name: 'name', type: 'STRING' },
  { name: 'other', type: 'STRING' },
  { name: 'age', type: 'LONG' },
  { name: 'score', type: 'DOUBLE' },
];
const ROWS = [
  [Date.UTC(2014, 9, 2), 'bar', 'bar', 21, 1.5],
  [Date.UTC(2014, 9, 8), 'foo', 'x', 31, 2.5],
  [Date.UTC(2014, 10, 15, 12), 'hoo', 'hoo', 40, null],
  [Date.UTC(2014, 10, 20), 'Doe', 'D', 18, 3],
  [Date.UTC(2015, 0, 1), null, null, null, null],
];
const NAMES = ['bar', 'foo', 'hoo', 'Doe', null];

/** The `name` values of the rows the filter keeps. */
function matches(filter: unknown): (string | null)[] {
  const mask = evaluatePredicate(nativeFilterToPredicate(filter, SIGNATURE), frameFromRows(SIGNATURE, ROWS));
  return NAMES.filter((_, i) => mask[i] === 1);
}

describe('native filters', () => {
  it('selector matches a value, or nulls for a null value', () => {
    expect(matches({ type: 'selector', dimension: 'name', value: 'foo' })).toEqual(['foo']);
    expect(matches({ type: 'selector', dimension: 'name', value: null })).toEqual([null]);
    expect(matches({ type: 'selector', dimension: 'age', value: '21' })).toEqual(['bar']);
    expect(matches({ type: 'selector', dimension: 'age', value: 31 })).toEqual(['foo']);
  });

  it('equals matches in its matchValueType', () => {
    expect(matches({ type: 'equals', column: 'name', matchValueType: 'STRING', matchValue: 'hoo' })).toEqual(['hoo']);
    expect(matches({ type: 'equals', column: 'score', matchValueType: 'DOUBLE', matchValue: 2.5 })).toEqual(['foo']);
    expect(matches({ type: 'equals', column: 'age', matchValueType: 'LONG', matchValue: '40' })).toEqual(['hoo']);
  });

  it('in matches any value, and nulls when the values hold null', () => {
    expect(matches({ type: 'in', dimension: 'name', values: ['foo', 'Doe', 'zzz'] })).toEqual(['foo', 'Doe']);
    expect(matches({ type: 'in', dimension: 'name', values: ['foo', null] })).toEqual(['foo', null]);
    expect(matches({ type: 'in', dimension: 'name', values: [] })).toEqual([]);
    expect(matches({ type: 'in', dimension: 'age', values: ['21', '40'] })).toEqual(['bar', 'hoo']);
    expect(matches({ type: 'in', column: 'name', matchValueType: 'STRING', sortedValues: ['bar', 'hoo'] })).toEqual(['bar', 'hoo']);
  });

  it('bound compares lexicographically or numerically, with strict bounds', () => {
    expect(matches({ type: 'bound', dimension: 'name', lower: 'foo', upper: 'hoo' })).toEqual(['foo', 'hoo']);
    expect(matches({ type: 'bound', dimension: 'name', lower: 'foo', upper: 'hoo', lowerStrict: true })).toEqual(['hoo']);
    expect(matches({ type: 'bound', dimension: 'age', lower: '21', upper: '31', ordering: 'numeric' })).toEqual(['bar', 'foo']);
    expect(matches({ type: 'bound', dimension: 'age', lower: '21', lowerStrict: true, upper: '31', upperStrict: true, ordering: 'numeric' })).toEqual([]);
    expect(matches({ type: 'bound', dimension: 'age', upper: '31', upperStrict: true, ordering: 'numeric' })).toEqual(['bar', 'Doe']);
    expect(matches({ type: 'bound', dimension: 'age', lower: '18', ordering: { type: 'numeric' } })).toEqual(['bar', 'foo', 'hoo', 'Doe']);
    // Lexicographically "100" < "21" < "9".
    expect(matches({ type: 'bound', dimension: 'age', lower: '100', upper: '25' })).toEqual(['bar', 'Doe']);
  });

  it('range compares in matchValueType with open or closed ends', () => {
    expect(matches({ type: 'range', column: 'age', matchValueType: 'LONG', lower: 21, upper: 40, upperOpen: true })).toEqual(['bar', 'foo']);
    expect(matches({ type: 'range', column: 'score', matchValueType: 'DOUBLE', lower: 1.5, lowerOpen: true })).toEqual(['foo', 'Doe']);
    expect(matches({ type: 'range', column: 'name', matchValueType: 'STRING', upper: 'foo' })).toEqual(['bar', 'foo', 'Doe']);
  });

  it('like, regex and search match patterns', () => {
    expect(matches({ type: 'like', dimension: 'name', pattern: 'D%' })).toEqual(['Doe']);
    expect(matches({ type: 'like', dimension: 'name', pattern: '_oo' })).toEqual(['foo', 'hoo']);
    expect(matches({ type: 'like', dimension: 'other', pattern: 'x!%', escape: '!' })).toEqual([]);
    expect(matches({ type: 'regex', dimension: 'name', pattern: '^.o' })).toEqual(['foo', 'hoo', 'Doe']);
    expect(matches({ type: 'search', dimension: 'name', query: { type: 'insensitive_contains', value: 'O' } })).toEqual(['foo', 'hoo', 'Doe']);
    expect(matches({ type: 'search', dimension: 'name', query: { type: 'contains', value: 'O', caseSensitive: true } })).toEqual([]);
    expect(matches({ type: 'search', dimension: 'name', query: { type: 'fragment', values: ['h', 'o'] } })).toEqual(['hoo']);
  });

  it('null, true and false', () => {
    expect(matches({ type: 'null', column: 'score' })).toEqual(['hoo', null]);
    expect(matches({ type: 'true' })).toEqual(NAMES);
    expect(matches({ type: 'false' })).toEqual([]);
  });

  it('and, or and not combine filters; not does not match nulls', () => {
    const foo = { type: 'selector', dimension: 'name', value: 'foo' };
    const hoo = { type: 'selector', dimension: 'name', value: 'hoo' };
    expect(matches({ type: 'or', fields: [foo, hoo] })).toEqual(['foo', 'hoo']);
    expect(matches({ type: 'and', fields: [foo, { type: 'bound', dimension: 'age', lower: '30', ordering: 'numeric' }] })).toEqual(['foo']);
    expect(matches({ type: 'not', field: foo })).toEqual(['bar', 'hoo', 'Doe']);
    expect(matches({ type: 'not', field: { type: 'null', column: 'name' } })).toEqual(['bar', 'foo', 'hoo', 'Doe']);
  });

  it('expression filters use Druid truthiness', () => {
    expect(matches({ type: 'expression', expression: 'age > 30' })).toEqual(['foo', 'hoo']);
    expect(matches({ type: 'expression', expression: "concat(name, '!') == 'bar!'" })).toEqual(['bar']);
    expect(matches({ type: 'expression', expression: 'age - 21' })).toEqual(['foo', 'hoo']);
  });

  it('interval matches start <= time < end of any interval', () => {
    const filter = {
      type: 'interval',
      dimension: '__time',
      intervals: ['2014-10-01T00:00:00.000Z/2014-10-07T00:00:00.000Z', '2014-11-15T00:00:00.000Z/2014-11-16T00:00:00.000Z'],
    };
    expect(matches(filter)).toEqual(['bar', 'hoo']);
  });

  it('columnComparison matches rows whose columns are equal', () => {
    expect(matches({ type: 'columnComparison', dimensions: ['name', 'other'] })).toEqual(['bar', 'hoo', null]);
    expect(matches({ type: 'columnComparison', dimensions: ['name', { type: 'default', dimension: 'other', outputName: 'o' }] })).toEqual(['bar', 'hoo', null]);
  });

  it('refuses what Silt does not support, naming the field', () => {
    const refuse = (filter: unknown, message: string): void => {
      expect(() => nativeFilterToPredicate(filter, SIGNATURE)).toThrowError(message);
    };
    refuse({ type: 'javascript', dimension: 'name', function: 'x' }, 'filter.type: JavaScript filters are not supported by Silt');
    refuse({ type: 'selector', dimension: 'name', value: 'a', extractionFn: { type: 'upper' } }, 'filter.extractionFn: extraction functions are not supported by Silt');
    refuse({ type: 'bound', dimension: 'name', lower: 'a', ordering: 'alphanumeric' }, 'filter.ordering: ordering [alphanumeric] is not supported by Silt; use lexicographic or numeric');
    refuse({ type: 'bound', dimension: 'name' }, 'filter: lower and upper can not be null at the same time');
    refuse({ type: 'range', column: 'age', matchValueType: 'LONG' }, 'filter: Invalid range filter on column [age], lower and upper cannot be null at the same time');
    refuse({ type: 'equals', column: 'age', matchValueType: 'LONG' }, 'filter.matchValue: Invalid equality filter on column [age], matchValue cannot be null');
    refuse({ type: 'equals', column: 'age', matchValue: 1 }, 'filter.matchValueType: Invalid equality filter on column [age], matchValueType cannot be null');
    refuse({ type: 'and', fields: [] }, 'filter.fields: AND operator requires at least one field');
    refuse({ type: 'or', fields: [{ type: 'nope' }] }, 'filter.fields[0].type: unknown filter type [nope]');
    refuse({ type: 'regex', dimension: 'name', pattern: '(' }, 'filter.pattern: Invalid regular expression [(]');
    refuse({ type: 'interval', dimension: '__time', intervals: ['x'] }, 'filter.intervals[0]: Invalid interval [x]');
  });
});
