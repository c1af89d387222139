import { describe, expect, it } from 'vitest';
import type { RowSignature } from '@silt/common';
import { evaluate } from '@silt/expr';
import { frameFromRows, valueAt } from '@silt/frame';
import { parseNativeAst, translateNativeExpression } from '../src/index.ts';

const SIGNATURE: RowSignature = [
  { name: 'x', type: 'LONG' },
  { name: 'd', type: 'DOUBLE' },
  { name: 's', type: 'STRING' },
  { name: 't', type: 'LONG' },
  { name: 'page name', type: 'STRING' },
];
const ROWS = [
  [5, 2.5, 'hello', Date.UTC(2015, 8, 12, 10, 46, 58, 771), 'Main Page'],
  [null, null, null, null, null],
];

/** Evaluates a native expression over the two test rows; returns one value per row. */
function run(text: string): unknown[] {
  const frame = frameFromRows(SIGNATURE, ROWS);
  const column = evaluate(translateNativeExpression(text, SIGNATURE), frame);
  return ROWS.map((_, i) => valueAt(column, i));
}

/** The value on the first (non-null) row. */
const one = (text: string): unknown => run(text)[0];

describe('native expression parser', () => {
  it('follows Druid operator precedence and associativity', () => {
    expect(one('1 + 2 * 3')).toBe(7);
    expect(one('(1 + 2) * 3')).toBe(9);
    expect(one('2 ^ 3 ^ 2')).toBe(512);
    expect(one('-2 ^ 2')).toBe(4);
    expect(one('10 - 2 - 3')).toBe(5);
    expect(one('1 < 2 == 1')).toBe(1);
    expect(one('x * 2 > 9 && s == \'hello\'')).toBe(1);
  });

  it('types numbers as Druid does: integers are LONG, a dot or exponent makes a DOUBLE', () => {
    expect(one('7 / 2')).toBe(3);
    expect(one('7.0 / 2')).toBe(3.5);
    expect(one('7. / 2')).toBe(3.5);
    expect(one('1e3 + 1')).toBe(1001);
    expect(one('7 % 3')).toBe(1);
    expect(translateNativeExpression('x + 1', SIGNATURE).type).toBe('LONG');
    expect(translateNativeExpression('x + d', SIGNATURE).type).toBe('DOUBLE');
    expect(one('-x')).toBe(-5);
  });

  it('reads literals, escapes and quoted identifiers', () => {
    expect(one("'it\\'s'")).toBe("it's");
    expect(one("'tab\\tnew\\u0041'")).toBe('tab\tnewA');
    expect(one('"page name"')).toBe('Main Page');
    expect(one("s + ' world'")).toBe('hello world');
    expect(one('null')).toBeNull();
    expect(run('x + 1')).toEqual([6, null]);
  });

  it('applies Druid truthiness in logical operators (positive numbers, the string true)', () => {
    expect(one('100 && 11')).toBe(1);
    expect(one('0.7 || 0.3')).toBe(1);
    expect(one('100 && 0')).toBe(0);
    expect(one("'troo' && 'true'")).toBe(0);
    expect(one("'troo' || 'true'")).toBe(1);
    expect(one('-1 && 1')).toBe(0);
    expect(one('!x')).toBe(0);
    expect(one('!0')).toBe(1);
  });

  it('treats null as unknown in logical operators', () => {
    expect(one('null || 1')).toBe(1);
    expect(one('null || 0')).toBeNull();
    expect(one('null && 0')).toBe(0);
    expect(one('null && 1')).toBeNull();
  });

  it('maps the general functions', () => {
    expect(run("if(x > 1, 'big', 'small')")).toEqual(['big', 'small']);
    expect(run("nvl(s, 'none')")).toEqual(['hello', 'none']);
    expect(run("coalesce(s, 'none')")).toEqual(['hello', 'none']);
    expect(run('isnull(x)')).toEqual([0, 1]);
    expect(run('notnull(x)')).toEqual([1, 0]);
    expect(one("case_searched(x > 10, 'a', x > 3, 'b', 'c')")).toBe('b');
    expect(one("case_simple(x, 1, 'one', 5, 'five', 'other')")).toBe('five');
    expect(one("like(s, 'he%')")).toBe(1);
    expect(one("cast('1.5', 'DOUBLE')")).toBe(1.5);
    expect(one("cast(d, 'LONG')")).toBe(2);
    expect(one("cast(x, 'STRING')")).toBe('5');
  });

  it('maps the string functions with Druid positions', () => {
    expect(one("concat(s, '-', x)")).toBe('hello-5');
    expect(one('substring(s, 1, 3)')).toBe('ell');
    expect(one('substring(s, 1, -1)')).toBe('ello');
    expect(one('substring(s, 9, 2)')).toBeNull();
    expect(one("strpos(s, 'l')")).toBe(2);
    expect(one("strpos(s, 'z')")).toBe(-1);
    expect(one('strlen(s)')).toBe(5);
    expect(one('upper(s)')).toBe('HELLO');
    expect(one("replace(s, 'l', 'L')")).toBe('heLLo');
    expect(one("regexp_extract(concat(s, '123'), '[0-9]+')")).toBe('123');
    expect(one("regexp_like(s, '^h.*o$')")).toBe(1);
    expect(one("contains_string(s, 'ell')")).toBe(1);
    expect(one("icontains_string(s, 'ELL')")).toBe(1);
    expect(one("lpad(s, 7, '*')")).toBe('**hello');
    expect(one('left(s, 2)')).toBe('he');
    expect(one('reverse(s)')).toBe('olleh');
    expect(one("parse_long('42')")).toBe(42);
    expect(one("parse_long('4.2')")).toBeNull();
  });

  it('maps the time functions', () => {
    expect(one("timestamp('2015-09-12T10:46:58.771Z')")).toBe(Date.UTC(2015, 8, 12, 10, 46, 58, 771));
    expect(one("timestamp('12/09/2015', 'dd/MM/yyyy')")).toBe(Date.UTC(2015, 8, 12));
    expect(one("unix_timestamp('2015-09-12T00:00:01Z')")).toBe(Date.UTC(2015, 8, 12) / 1000 + 1);
    expect(one("timestamp_parse('2015-09-12 10:00:00')")).toBe(Date.UTC(2015, 8, 12, 10));
    expect(one("timestamp_floor(t, 'P1D')")).toBe(Date.UTC(2015, 8, 12));
    expect(one("timestamp_ceil(t, 'PT1H')")).toBe(Date.UTC(2015, 8, 12, 11));
    expect(one("timestamp_shift(t, 'P1D', -1)")).toBe(Date.UTC(2015, 8, 11, 10, 46, 58, 771));
    expect(one("timestamp_extract(t, 'HOUR')")).toBe(10);
    expect(one("timestamp_format(t, 'yyyy-MM-dd')")).toBe('2015-09-12');
  });

  it('maps the math functions with Druid result types', () => {
    expect(one('abs(-3)')).toBe(3);
    expect(translateNativeExpression('abs(x)', SIGNATURE).type).toBe('LONG');
    expect(one('floor(d)')).toBe(2);
    expect(translateNativeExpression('floor(x)', SIGNATURE).type).toBe('DOUBLE');
    expect(one('ceil(d)')).toBe(3);
    expect(one('round(2.567, 2)')).toBe(2.57);
    expect(one('pow(2, 10)')).toBe(1024);
    expect(one('greatest(x, 2.5, 7)')).toBe(7);
    expect(one("least('b', 'a')")).toBe('a');
    expect(one('div(7, 2)')).toBe(3);
    expect(run('max(x, 3)')).toEqual([5, null]);
    expect(one('min(x, 3)')).toBe(3);
    expect(one('safe_divide(x, 0)')).toBeNull();
    expect(one('pi()')).toBe(Math.PI);
    expect(one('sqrt(16)')).toBe(4);
  });

  it('refuses unknown functions, arrays, lambdas and malformed text clearly', () => {
    expect(() => translateNativeExpression('bloom_filter_test(s, x)', SIGNATURE)).toThrowError('Function[bloom_filter_test] is not supported by Silt');
    expect(() => translateNativeExpression('concat()', SIGNATURE)).toThrowError('Function[concat] needs at least 1 arguments, got 0');
    expect(() => translateNativeExpression("strpos(s, 'l', 2)", SIGNATURE)).toThrowError('Function[strpos] needs 2 arguments, got 3');
    expect(() => parseNativeAst('[1, 2]')).toThrowError('Invalid expression [[1, 2]]: array literals are not supported at position 0');
    expect(() => parseNativeAst('map((x) -> x + 1, y)')).toThrowError('lambda expressions are not supported');
    expect(() => parseNativeAst("'open")).toThrowError("Invalid expression ['open]: unterminated quoted text at position 0");
    expect(() => parseNativeAst('1 +* 2')).toThrowError('Invalid expression [1 +* 2]: unexpected [*] at position 3');
    expect(() => parseNativeAst('a b')).toThrowError('Invalid expression [a b]: unexpected identifier [b] at position 2');
  });
});
