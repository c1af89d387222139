import { type ColumnType, parseInstant } from '@silt/common';
import { call, compileJodaFormat, type Expr, literal } from '@silt/expr';
import { z } from 'zod';
import { parseWith, specError, type SpecPath } from '../spec-error.ts';

/**
 * `dataSchema.timestampSpec`: which input column holds the primary timestamp (default `timestamp`),
 * how to read it (`format`, default `auto`) and the instant to use when the column is null or missing
 * (`missingValue`, ISO-8601). Formats (case-insensitive): `iso`, `auto` (all digits: millis, otherwise
 * ISO with `T` or space), `millis`, `posix` (seconds), `micro`, `nano`, `ruby` (fractional seconds), or
 * any Joda pattern.
 */
export interface TimestampSpec {
  readonly column: string;
  /** The format as given (`auto` by default). */
  readonly format: string;
  /** Epoch millis used when the column is null, or null. */
  readonly missingValue: number | null;
  /** The spec as Druid echoes it. */
  readonly json: Readonly<Record<string, unknown>>;
}

const schema = z.object({
  column: z.string().min(1, { message: 'must not be empty' }).nullish(),
  format: z.string().min(1, { message: 'must not be empty' }).nullish(),
  missingValue: z.union([z.string(), z.number()]).nullish(),
});

const NUMERIC_FORMATS: Readonly<Record<string, ColumnType>> = { millis: 'LONG', posix: 'LONG', micro: 'LONG', nano: 'LONG', ruby: 'DOUBLE' };
const TEXT_FORMATS = new Set(['auto', 'iso']);

/** Parses `dataSchema.timestampSpec` (absent: column `timestamp`, format `auto`). */
export function parseTimestampSpec(value: unknown, path: SpecPath): TimestampSpec {
  const spec = parseWith(schema, value ?? {}, path);
  const column = spec.column ?? 'timestamp';
  const format = spec.format ?? 'auto';
  const lower = format.toLowerCase();
  if (!TEXT_FORMATS.has(lower) && !NUMERIC_FORMATS[lower]) {
    try {
      compileJodaFormat(format);
    } catch (e) {
      throw specError([...path, 'format'], `Invalid timestamp format [${format}]: ${(e as Error).message}`);
    }
  }
  let missingValue: number | null = null;
  if (spec.missingValue != null) {
    if (typeof spec.missingValue === 'number') missingValue = spec.missingValue;
    else {
      try {
        missingValue = parseInstant(spec.missingValue);
      } catch {
        throw specError([...path, 'missingValue'], `Invalid ISO-8601 timestamp [${spec.missingValue}]`);
      }
    }
  }
  return {
    column,
    format,
    missingValue,
    json: { column, format, missingValue: missingValue === null ? null : new Date(missingValue).toISOString() },
  };
}

/**
 * The type the timestamp column is read as: LONG for the integer epoch formats, DOUBLE for `ruby`,
 * STRING otherwise (ISO text, Joda patterns, and `auto`, which accepts both digits and ISO text).
 */
export function timestampReadType(spec: TimestampSpec): ColumnType {
  return NUMERIC_FORMATS[spec.format.toLowerCase()] ?? 'STRING';
}

/**
 * The epoch-millis expression of `__time` from the timestamp column's value (`value`, read as
 * {@link timestampReadType}). It is NULL when the value cannot be parsed, and when the value is null
 * and there is no `missingValue`: Druid counts such rows as unparseable.
 */
export function timestampExpr(spec: TimestampSpec, value: Expr): Expr {
  const parsed = parseTimestamp(spec.format, value);
  if (spec.missingValue === null) return parsed;
  return call('CASE', [call('IS NULL', [value], 'LONG'), literal(spec.missingValue, 'LONG'), parsed], 'LONG');
}

function parseTimestamp(format: string, value: Expr): Expr {
  const long = (n: number): Expr => literal(n, 'LONG');
  switch (format.toLowerCase()) {
    case 'auto': {
      const digits = call('REGEXP_LIKE', [value, literal('^[0-9]+$', 'STRING')], 'LONG');
      return call('CASE', [digits, call('CAST', [value], 'LONG'), call('TIME_PARSE', [value], 'LONG')], 'LONG');
    }
    case 'iso':
      return call('TIME_PARSE', [value], 'LONG');
    case 'millis':
      return value;
    case 'posix':
      return call('*', [value, long(1000)], 'LONG');
    case 'micro':
      return call('/', [value, long(1000)], 'LONG');
    case 'nano':
      return call('/', [value, long(1_000_000)], 'LONG');
    case 'ruby':
      return call('CAST', [call('*', [value, literal(1000, 'DOUBLE')], 'DOUBLE')], 'LONG');
    default:
      return call('TIME_PARSE', [value, literal(format, 'STRING')], 'LONG');
  }
}
