import { describe, expect, it } from 'vitest';
import { asString, castValue, compareScalars, isTruthy, javaDoubleToString, javaFloatToString, parseNumber } from '../src/index.ts';

describe('number formatting', () => {
  it("prints doubles like Java's Double.toString", () => {
    expect(javaDoubleToString(1)).toBe('1.0');
    expect(javaDoubleToString(-2.5)).toBe('-2.5');
    expect(javaDoubleToString(123456.789)).toBe('123456.789');
    expect(javaDoubleToString(1e7)).toBe('1.0E7');
    expect(javaDoubleToString(12345678.9)).toBe('1.23456789E7');
    expect(javaDoubleToString(0.001)).toBe('0.001');
    expect(javaDoubleToString(0.0001)).toBe('1.0E-4');
    expect(javaDoubleToString(0)).toBe('0.0');
    expect(javaDoubleToString(Number.NaN)).toBe('NaN');
    expect(javaDoubleToString(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
  });

  it("prints floats like Java's Float.toString", () => {
    expect(javaFloatToString(Math.fround(0.1))).toBe('0.1');
    expect(javaFloatToString(Math.fround(3.14159))).toBe('3.14159');
    expect(javaFloatToString(2)).toBe('2.0');
  });

  it('prints values by their type', () => {
    expect(asString(3, 'LONG')).toBe('3');
    expect(asString(3, 'DOUBLE')).toBe('3.0');
    expect(asString(null, 'LONG')).toBe(null);
  });
});

describe('parsing and casting', () => {
  it('parses numbers strictly', () => {
    expect(parseNumber('12')).toBe(12);
    expect(parseNumber('-1.5e3')).toBe(-1500);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber(' 12')).toBe(null);
    expect(parseNumber('12abc')).toBe(null);
    expect(parseNumber('')).toBe(null);
  });

  it('casts between types', () => {
    expect(castValue('7.9', 'STRING', 'LONG')).toBe(7);
    expect(castValue(7.9, 'DOUBLE', 'LONG')).toBe(7);
    expect(castValue(Number.NaN, 'DOUBLE', 'LONG')).toBe(0);
    expect(castValue('x', 'STRING', 'DOUBLE')).toBe(null);
    expect(castValue(0.1, 'DOUBLE', 'FLOAT')).toBe(Math.fround(0.1));
    expect(castValue(5, 'LONG', 'STRING')).toBe('5');
    expect(castValue(5, 'DOUBLE', 'STRING')).toBe('5.0');
    expect(castValue(null, 'LONG', 'STRING')).toBe(null);
    expect(castValue(['1', '2'], 'ARRAY<STRING>', 'ARRAY<LONG>')).toEqual([1, 2]);
  });

  it('compares and tests truth like Druid', () => {
    expect(compareScalars(2, 10)).toBeLessThan(0);
    expect(compareScalars('2', '10')).toBeGreaterThan(0);
    expect(compareScalars('10', 9)).toBeGreaterThan(0);
    expect(isTruthy(2)).toBe(true);
    expect(isTruthy(0)).toBe(false);
    expect(isTruthy('true')).toBe(true);
    expect(isTruthy('abc')).toBe(false);
  });
});
