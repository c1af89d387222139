import type { ColumnType } from '@silt/common';
import { isNumericType } from '@silt/common';
import { parseIsoTimestamp } from './time/iso-parse.ts';

/**
 * Scalar value conversions with Druid's semantics: how numbers print as strings (Java's
 * `Long.toString` / `Double.toString` / `Float.toString`), how strings parse as numbers, what counts as
 * true, and CAST between STRING, LONG, FLOAT and DOUBLE. A scalar is a JS `number`, `string`, `null`,
 * or (for COMPLEX/ARRAY/multi-value) any other JS value.
 */

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const LONG_MAX = 9223372036854775807;
const LONG_MIN = -9223372036854775808;

/**
 * Parses a string as Druid parses numbers in expressions (Java `Long.parseLong`, then
 * `Double.parseDouble`-like): decimal or scientific notation, `NaN`, `Infinity`. No surrounding
 * whitespace. Returns null when the text is not a number.
 */
export function parseNumber(text: string): number | null {
  if (NUMBER_TEXT.test(text)) return Number(text);
  if (text === 'NaN') return Number.NaN;
  if (text === 'Infinity' || text === '+Infinity') return Number.POSITIVE_INFINITY;
  if (text === '-Infinity') return Number.NEGATIVE_INFINITY;
  return null;
}

/** Java's `(long) d`: truncates toward zero, NaN → 0, saturates at the LONG range. */
export function toLong(d: number): number {
  if (Number.isNaN(d)) return 0;
  if (d >= LONG_MAX) return LONG_MAX;
  if (d <= LONG_MIN) return LONG_MIN;
  return Math.trunc(d) + 0;
}

/**
 * Java's `Double.toString`: plain decimal with at least one fraction digit for 1e-3 ≤ |d| < 1e7
 * (`1.0`, `0.001`), otherwise computerized scientific notation (`1.0E7`, `1.0E-4`), using the shortest
 * digits that round-trip.
 *
 * @example javaDoubleToString(1) // "1.0"
 */
export function javaDoubleToString(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Number.POSITIVE_INFINITY) return 'Infinity';
  if (d === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  return formatJavaDecimal(d, d.toExponential());
}

/** Java's `Float.toString` of a FLOAT value (held as a double): the shortest digits that round-trip as a float. */
export function javaFloatToString(f: number): string {
  if (!Number.isFinite(f) || f === 0) return javaDoubleToString(f);
  const x = Math.fround(f);
  for (let p = 1; p <= 9; p++) {
    const text = x.toExponential(p - 1);
    if (Math.fround(Number(text)) === x) return formatJavaDecimal(Number(text), text);
  }
  return javaDoubleToString(x);
}

/** Formats `d` from its exponential text (`d.ddde±x`) the way Java prints doubles. */
function formatJavaDecimal(d: number, exponential: string): string {
  const abs = Math.abs(d);
  const [mantissa, exp] = exponential.split('e') as [string, string];
  if (abs >= 1e-3 && abs < 1e7) {
    const sign = d < 0 ? '-' : '';
    const digits = mantissa.replace('-', '').replace('.', '');
    const e = Number(exp);
    let text: string;
    if (e >= 0) {
      const intPart = digits.slice(0, e + 1).padEnd(e + 1, '0');
      const frac = digits.slice(e + 1);
      text = `${intPart}.${frac === '' ? '0' : frac}`;
    } else {
      text = `0.${'0'.repeat(-e - 1)}${digits}`;
    }
    return sign + text;
  }
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${exp.startsWith('+') ? exp.slice(1) : exp}`;
}

/** A number as Druid prints it for a value of `type` (LONG without decimals, FLOAT/DOUBLE as Java does). */
export function formatNumber(n: number, type: ColumnType): string {
  if (type === 'LONG') return String(toLong(n));
  if (type === 'FLOAT') return javaFloatToString(n);
  return javaDoubleToString(n);
}

/** A scalar of `type` as a string, or null (NULL, or a value with no string form). */
export function asString(value: unknown, type: ColumnType): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value, isNumericType(type) ? type : Number.isInteger(value) ? 'LONG' : 'DOUBLE');
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}

/** A scalar as a number, or null (NULL, or a string that is not a number). Booleans are 1/0. */
export function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return parseNumber(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  return null;
}

/**
 * Druid's truthiness: numbers are true when non-zero (NaN is false), strings when they read as
 * `true` (any case) or as a non-zero number. NULL is neither true nor false: callers test for it first.
 */
export function isTruthy(value: unknown): boolean {
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') {
    if (value.toLowerCase() === 'true') return true;
    const n = parseNumber(value);
    return n !== null && n !== 0 && !Number.isNaN(n);
  }
  if (typeof value === 'boolean') return value;
  return false;
}

/**
 * CAST of a scalar from `from` to `to`. STRING → LONG parses numbers (truncating decimals) and, for
 * CAST(… AS TIMESTAMP), ISO-8601 / `yyyy-MM-dd HH:mm:ss` timestamps; invalid text gives NULL. DOUBLE →
 * LONG truncates. Numbers → STRING print as Druid prints them. FLOAT rounds to single precision.
 *
 * @example castValue(1, 'DOUBLE', 'STRING') // "1.0"
 */
export function castValue(value: unknown, from: ColumnType, to: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  switch (to) {
    case 'LONG': {
      if (typeof value === 'string') {
        const n = parseNumber(value);
        if (n !== null) return toLong(n);
        return parseIsoTimestamp(value, null);
      }
      const n = asNumber(singleElement(value));
      return n === null ? null : toLong(n);
    }
    case 'DOUBLE':
      return asNumber(singleElement(value));
    case 'FLOAT': {
      const n = asNumber(singleElement(value));
      return n === null ? null : Math.fround(n);
    }
    case 'STRING':
      if (Array.isArray(value)) return value.map((v) => asString(v, elementType(from)));
      return asString(value, from);
    default:
      return castComplex(value, from, to);
  }
}

function castComplex(value: unknown, from: ColumnType, to: ColumnType): unknown {
  if (to === 'COMPLEX<json>') return value;
  const element = elementType(to);
  const items = Array.isArray(value) ? value : [value];
  return items.map((v) => castValue(v, elementType(from), element));
}

/** The element type of an ARRAY type (the type itself for scalars). */
export function elementType(type: ColumnType): ColumnType {
  switch (type) {
    case 'ARRAY<STRING>':
      return 'STRING';
    case 'ARRAY<LONG>':
      return 'LONG';
    case 'ARRAY<FLOAT>':
      return 'FLOAT';
    case 'ARRAY<DOUBLE>':
      return 'DOUBLE';
    default:
      return type;
  }
}

function singleElement(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.length === 1 ? value[0] : null;
}

/**
 * Compares two non-null scalars as Druid's comparison operators do: numerically when both are numbers
 * (or one is a number and the other a numeric string), otherwise as strings (code-unit order).
 */
export function compareScalars(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = asNumber(a);
    const y = asNumber(b);
    if (x !== null && y !== null) return compareScalars(x, y);
  }
  const s = typeof a === 'string' ? a : asString(a, 'STRING')!;
  const t = typeof b === 'string' ? b : asString(b, 'STRING')!;
  return s < t ? -1 : s > t ? 1 : 0;
}
