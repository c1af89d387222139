import { invalidInput } from '@silt/common';
import { z } from 'zod';
import { parseSpec, specType } from './spec-validation.ts';

const jsonSchema = z.object({
  type: z.literal('json'),
  flattenSpec: z
    .object({ useFieldDiscovery: z.boolean().nullish(), fields: z.array(z.unknown()).nullish() })
    .nullish()
    .refine((f) => !f?.fields?.length, {
      message: 'flattenSpec [fields] are not supported by Silt; read nested values in SQL with JSON_VALUE instead',
    }),
  keepNullColumns: z.boolean().nullish(),
  assumeNewlineDelimited: z.boolean().nullish(),
  useJsonNodeReader: z.boolean().nullish(),
  featureSpec: z.record(z.string(), z.boolean()).nullish(),
});

const flatTextFields = {
  columns: z.array(z.string()).nullish(),
  listDelimiter: z.string().min(1).nullish(),
  hasHeaderRow: z.boolean().nullish(),
  findColumnsFromHeader: z.boolean().nullish(),
  skipHeaderRows: z.number().int().min(0).nullish(),
  tryParseNumbers: z.boolean().nullish(),
};

const csvSchema = z.object({ type: z.literal('csv'), ...flatTextFields });
const tsvSchema = z.object({ type: z.enum(['tsv', 'delimited']), delimiter: z.string().min(1).nullish(), ...flatTextFields });

/** The `json` input format: newline-delimited JSON objects, one record per line. */
export interface JsonInputFormat {
  readonly type: 'json';
}

/**
 * The `csv` and `tsv` input formats (`delimited` is accepted as another name for `tsv`), with Druid's
 * defaults filled in. CSV fields follow RFC 4180 quoting; TSV fields are split on `delimiter` with no
 * quoting. Empty fields are null.
 */
export interface DelimitedInputFormat {
  readonly type: 'csv' | 'tsv';
  /** Field separator: `,` for csv; `\t` by default for tsv. */
  readonly delimiter: string;
  /** Separator of multi-value fields; default `\u0001` (ctrl+A). */
  readonly listDelimiter: string;
  /** Column names in field order; empty when they come from the header. */
  readonly columns: readonly string[];
  readonly findColumnsFromHeader: boolean;
  /** Records skipped at the start of every file, before the header. */
  readonly skipHeaderRows: number;
  /** Whether fields that look like numbers are read as numbers. */
  readonly tryParseNumbers: boolean;
}

/** A validated input format with defaults applied. */
export type InputFormatSpec = JsonInputFormat | DelimitedInputFormat;

/** Druid's default list delimiter, ctrl+A. */
export const DEFAULT_LIST_DELIMITER = '\u0001';

const TYPES = ['json', 'csv', 'tsv', 'delimited'] as const;

/**
 * Validates an input format spec (Druid's JSON shape) and fills in Druid's defaults. Unknown fields
 * are ignored, as Druid does.
 *
 * @throws DruidError (invalidInput) naming the field and the problem.
 * @example
 * resolveInputFormat({ type: 'csv', findColumnsFromHeader: true });
 * // { type: 'csv', delimiter: ',', listDelimiter: '\u0001', columns: [], findColumnsFromHeader: true, … }
 */
export function resolveInputFormat(spec: unknown): InputFormatSpec {
  const type = specType(spec, 'inputFormat', TYPES);
  if (type === 'json') {
    parseSpec(jsonSchema, spec, 'inputFormat');
    return JSON_FORMAT;
  }
  const parsed = type === 'csv' ? { ...parseSpec(csvSchema, spec, 'inputFormat'), delimiter: ',' } : parseSpec(tsvSchema, spec, 'inputFormat');
  return resolveFlatText(type === 'csv' ? 'csv' : 'tsv', parsed);
}

/**
 * Checks an input format spec; throws `invalidInput` naming the field and the problem.
 *
 * @example
 * validateInputFormat({ type: 'csv' }); // throws: Either [columns] or [findColumnsFromHeader] must be set
 */
export function validateInputFormat(spec: unknown): void {
  resolveInputFormat(spec);
}

const JSON_FORMAT: JsonInputFormat = Object.freeze({ type: 'json' });

interface FlatTextFields {
  readonly delimiter?: string | null | undefined;
  readonly columns?: string[] | null | undefined;
  readonly listDelimiter?: string | null | undefined;
  readonly hasHeaderRow?: boolean | null | undefined;
  readonly findColumnsFromHeader?: boolean | null | undefined;
  readonly skipHeaderRows?: number | null | undefined;
  readonly tryParseNumbers?: boolean | null | undefined;
}

/** Druid's FlatTextInputFormat checks, with its messages. */
function resolveFlatText(type: 'csv' | 'tsv', spec: FlatTextFields): DelimitedInputFormat {
  const delimiter = spec.delimiter ?? '\t';
  const listDelimiter = spec.listDelimiter ?? DEFAULT_LIST_DELIMITER;
  const columns = spec.columns ?? [];
  const fromHeader = spec.findColumnsFromHeader ?? undefined;
  const hasHeaderRow = spec.hasHeaderRow ?? undefined;
  let findColumnsFromHeader: boolean;
  if (columns.length === 0) {
    if (hasHeaderRow !== undefined && fromHeader !== undefined) throw invalidInput('Cannot accept both [findColumnsFromHeader] and [hasHeaderRow]');
    if (hasHeaderRow === undefined && fromHeader === undefined) throw invalidInput('Either [columns] or [findColumnsFromHeader] must be set');
    findColumnsFromHeader = (hasHeaderRow ?? fromHeader)!;
    if (!findColumnsFromHeader) {
      throw invalidInput('If [columns] is not set, the first row of your data must have your header and [findColumnsFromHeader] must be set to true.');
    }
  } else {
    findColumnsFromHeader = fromHeader ?? false;
  }
  if (delimiter === listDelimiter) throw invalidInput(`Cannot have same delimiter and list delimiter of [${delimiter}]`);
  for (const column of columns) {
    if (column.includes(delimiter)) throw invalidInput(`Column[${column}] cannot have the delimiter[${delimiter}] in its name`);
  }
  return Object.freeze({
    type,
    delimiter,
    listDelimiter,
    columns: findColumnsFromHeader ? [] : Object.freeze([...columns]),
    findColumnsFromHeader,
    skipHeaderRows: spec.skipHeaderRows ?? 0,
    tryParseNumbers: spec.tryParseNumbers ?? false,
  });
}
