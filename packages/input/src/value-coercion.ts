/**
 * Coercion of raw input values (parsed JSON, CSV/TSV fields) into the types of an EXTERN signature,
 * following how Druid reads external rows:
 * - numbers from strings follow `Rows.objectToNumber`: trim, drop `,` separators, accept a leading `+`,
 *   read as a long if the text is an integer, otherwise as a double; text that is not a number, and
 *   values that are neither numbers nor strings (booleans, arrays, objects), read as null;
 * - LONG truncates toward zero (Java `Number.longValue()`, saturating at the long range);
 * - STRING follows `Rows.objectToStrings`: numbers and booleans as Java prints them, arrays become
 *   multi-value rows, an empty array is null, bytes (binary columns of Avro/Parquet/ORC/Protobuf
 *   records) are Base64 text;
 * - 64-bit integers decoded as `bigint` read as numbers.
 */

const LONG_TEXT = /^-?\d+$/;
const DOUBLE_TEXT = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;
const PLAIN_NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** 2^63: the long range as doubles (Long.MAX_VALUE rounds up to it). */
const LONG_LIMIT = 2 ** 63;

/** A value as a LONG (integer-valued double), or null. */
export function toLongValue(value: unknown): number | null {
  if (typeof value === 'number') return saturateLong(value);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    const text = numericText(value);
    if (LONG_TEXT.test(text)) {
      const n = Number(text);
      if (Math.abs(n) < LONG_LIMIT) return n;
    }
    const d = parseJavaDouble(text);
    return d === null ? null : saturateLong(d);
  }
  return null;
}

/** A value as a DOUBLE, or null. */
export function toDoubleValue(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') return parseJavaDouble(numericText(value));
  return null;
}

/** A value as a FLOAT (rounded to single precision), or null. */
export function toFloatValue(value: unknown): number | null {
  const d = toDoubleValue(value);
  return d === null ? null : Math.fround(d);
}

/**
 * A value as a STRING row: a string, a multi-value row (string[] of two or more values, elements may be
 * null), or null. A one-element array is the same row as its element.
 */
export function toStringValue(value: unknown): string | (string | null)[] | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    if (value.length === 1) return toScalarString(value[0]);
    return value.map(toScalarString);
  }
  return toScalarString(value);
}

/** A scalar as Druid prints it (`String.valueOf`); nested objects and arrays as JSON text. */
export function toScalarString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return javaNumberString(value);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * A number printed as Java prints a JSON number read by Druid: integers (JSON integer tokens, read as
 * longs) without a fraction; other values as `Double.toString` does (`1.5`, `1.0E-4`, `1.0E21`).
 */
export function javaNumberString(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) return String(n);
  const [mantissa, exponent] = n.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.startsWith('+') ? exponent.slice(1) : exponent}`;
}

/**
 * A CSV/TSV field read with `tryParseNumbers`: integers and decimals become numbers, anything else
 * stays the string it was.
 */
export function tryParseNumber(field: string): string | number {
  if (!PLAIN_NUMBER_TEXT.test(field)) return field;
  return Number(field);
}

function numericText(value: string): string {
  let text = value.trim();
  if (text.includes(',')) text = text.replaceAll(',', '');
  if (text.length > 1 && text.charCodeAt(0) === 43 /* + */ && text.charCodeAt(1) >= 48 && text.charCodeAt(1) <= 57) text = text.slice(1);
  return text;
}

function parseJavaDouble(text: string): number | null {
  if (!DOUBLE_TEXT.test(text)) return null;
  const last = text.charCodeAt(text.length - 1);
  // Drop a Java type suffix (f, F, d, D); "Infinity" and "NaN" end in other letters.
  const digits = last === 102 || last === 70 || last === 100 || last === 68 ? text.slice(0, -1) : text;
  return Number(digits);
}

function saturateLong(n: number): number {
  if (Number.isNaN(n)) return 0;
  if (n >= LONG_LIMIT) return LONG_LIMIT;
  if (n <= -LONG_LIMIT) return -LONG_LIMIT;
  return Math.trunc(n) || 0;
}
