import type { ColumnType } from '@silt/common';
import { EXCERPT_CHARS } from './parse-error.ts';
import { toScalarString } from './value-coercion.ts';

/**
 * A row kept with some values it could not convert (Druid native batch's `processedWithError`): a
 * value of a LONG/FLOAT/DOUBLE column that is text that is not a number, a list, or a boolean/object
 * is stored as null, and the row counts against `maxParseExceptions`.
 */
export interface PartialRowError {
  /** The row's index in the chunk's frame. */
  readonly row: number;
  readonly source: string;
  readonly recordNumber: number;
  /** The record, as far as {@link EXCERPT_CHARS} characters. */
  readonly input: string;
  /** One problem per column, in Druid's words (see {@link conversionProblem}). */
  readonly details: readonly string[];
}

/**
 * Parse option asking for {@link PartialRowError}s (native batch; SQL tasks read such values as null
 * silently, as Druid's MSQ does). Dimensions and metric inputs are worded differently by Druid.
 */
export interface PartialRowOptions {
  readonly dimensions: readonly string[];
}

type NumericType = 'LONG' | 'FLOAT' | 'DOUBLE';

/**
 * Why `value` (not null) failed to convert into numeric `column`, as Druid words it: a dimension's
 * conversion (`could not convert value [x] to long`, or the multi-value / invalid-type variants) or a
 * metric input's (`Unable to parse value[x] for field[met1]`).
 */
export function conversionProblem(value: unknown, type: ColumnType, column: string, isDimension: boolean): string {
  const kind = (type as NumericType).toLowerCase();
  if (Array.isArray(value)) {
    return `Could not ingest value [${value.map(toScalarString).join(', ')}] as ${kind}. A ${kind} column cannot have multiple values in the same row.`;
  }
  if (typeof value === 'string') return isDimension ? `could not convert value [${value}] to ${kind}` : `Unable to parse value[${value}] for field[${column}]`;
  const shown = toScalarString(value);
  return isDimension ? `Could not convert value [${shown}] to ${kind}. Invalid type: [${typeof value}]` : `Unknown type[${typeof value}] for field[${column}]`;
}

/** The error of row `row`, read from `record`, whose columns failed for `details`. */
export function partialRowError(row: number, source: string, recordNumber: number, record: string, details: readonly string[]): PartialRowError {
  return { row, source, recordNumber, input: record.slice(0, EXCERPT_CHARS), details };
}

/** Druid's message for a partially valid row: `Found unparseable columns in row: [<record>], exceptions: [<problems>]`. */
export function partialRowMessage(e: PartialRowError): string {
  return `Found unparseable columns in row: [${e.input}], exceptions: [${e.details.join(',')}]`;
}
