import { invalidInput } from '@silt/common';
import { z } from 'zod';
import { type FlattenSpec, flattenSpecSchema, resolveFlattenSpec } from './flatten/flatten-spec.ts';
import { type JsonFeatures, jsonFeatures } from './json/json-features.ts';
import { type BinaryInputFormat, resolveBinaryFormat } from './formats/binary-format-spec.ts';
import { parseSpec, specType } from './spec-validation.ts';

const jsonSchema = z.object({
  type: z.literal('json'),
  flattenSpec: flattenSpecSchema.nullish(),
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
const regexSchema = z.object({
  type: z.literal('regex'),
  pattern: z.string().min(1),
  columns: z.array(z.string()).nullish(),
  listDelimiter: z.string().min(1).nullish(),
});

/**
 * The `json` input format: newline-delimited JSON objects, one record per line (Druid's line reader,
 * which batch ingestion always uses; `assumeNewlineDelimited` and `useJsonNodeReader` only matter for
 * streaming and are accepted as given).
 */
export interface JsonInputFormat {
  readonly type: 'json';
  /** How nested values become columns; null reads top-level keys only. */
  readonly flattenSpec: FlattenSpec | null;
  /** Lenient-parsing Jackson features that are enabled (`featureSpec`); empty for standard JSON. */
  readonly features: JsonFeatures;
  /** Whether null-valued keys are discovered as columns; default: `flattenSpec.useFieldDiscovery`. */
  readonly keepNullColumns: boolean;
  readonly assumeNewlineDelimited: boolean;
  readonly useJsonNodeReader: boolean;
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

/**
 * The `regex` input format: every line must match `pattern` as a whole (Java `Matcher.matches()`);
 * capturing groups are the fields, named by `columns` (default `column_1`, `column_2`, …). A group
 * holding `listDelimiter` is a multi-value field. A line that does not match is a parse error.
 */
export interface RegexInputFormat {
  readonly type: 'regex';
  readonly pattern: string;
  /** `pattern` compiled to match a whole line (Java inline flags `(?i)`, `(?m)`, `(?s)` turned into JS flags). */
  readonly regex: RegExp;
  /** Field names, or null for `column_<n>`. */
  readonly columns: readonly string[] | null;
  readonly listDelimiter: string;
}

/** A text input format (records are lines, or CSV records). */
export type TextInputFormat = JsonInputFormat | DelimitedInputFormat | RegexInputFormat;

/** A validated input format with defaults applied. */
export type InputFormatSpec = TextInputFormat | BinaryInputFormat;

/** Records before the data rows: CSV and TSV's skipped rows and header row; none for other formats. */
export function headerRecordCount(format: InputFormatSpec): number {
  return format.type === 'csv' || format.type === 'tsv' ? format.skipHeaderRows + (format.findColumnsFromHeader ? 1 : 0) : 0;
}

export type { BinaryInputFormat } from './formats/binary-format-spec.ts';

/** Druid's default list delimiter, ctrl+A. */
export const DEFAULT_LIST_DELIMITER = '\u0001';

const TYPES = ['json', 'csv', 'tsv', 'delimited', 'regex', 'parquet', 'avro_ocf', 'orc', 'protobuf'] as const;

/** Resolved formats by spec text: workers resolve the same spec for every chunk. */
const resolved = new Map<string, InputFormatSpec>();
const MAX_RESOLVED = 64;

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
  const key = JSON.stringify(spec);
  const known = resolved.get(key);
  if (known) return known;
  const format = resolveUncached(spec);
  if (resolved.size >= MAX_RESOLVED) resolved.clear();
  resolved.set(key, format);
  return format;
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

function resolveUncached(spec: unknown): InputFormatSpec {
  const type = specType(spec, 'inputFormat', TYPES);
  switch (type) {
    case 'json':
      return resolveJson(parseSpec(jsonSchema, spec, 'inputFormat'));
    case 'regex':
      return resolveRegex(parseSpec(regexSchema, spec, 'inputFormat'));
    case 'csv':
      return resolveFlatText('csv', { ...parseSpec(csvSchema, spec, 'inputFormat'), delimiter: ',' });
    case 'tsv':
    case 'delimited':
      return resolveFlatText('tsv', parseSpec(tsvSchema, spec, 'inputFormat'));
    default:
      return resolveBinaryFormat(type, spec);
  }
}

function resolveJson(spec: z.output<typeof jsonSchema>): JsonInputFormat {
  const flattenSpec = resolveFlattenSpec(spec.flattenSpec, 'json', ['root', 'path', 'jq', 'tree']);
  if (spec.assumeNewlineDelimited && spec.useJsonNodeReader) throw invalidInput('useJsonNodeReader cannot be set to true when assumeNewlineDelimited is true.');
  return Object.freeze({
    type: 'json',
    flattenSpec,
    features: jsonFeatures(spec.featureSpec),
    keepNullColumns: spec.keepNullColumns ?? (flattenSpec !== null && flattenSpec.useFieldDiscovery),
    assumeNewlineDelimited: spec.assumeNewlineDelimited ?? false,
    useJsonNodeReader: spec.useJsonNodeReader ?? false,
  });
}

const JAVA_INLINE_FLAGS = /^\(\?([imsx]+)\)/;

function resolveRegex(spec: z.output<typeof regexSchema>): RegexInputFormat {
  let source = spec.pattern;
  let flags = '';
  const inline = JAVA_INLINE_FLAGS.exec(source);
  if (inline) {
    if (inline[1]!.includes('x')) throw invalidInput(`Invalid inputFormat: regex [pattern]: the (?x) comments flag is not supported`);
    flags = [...new Set(inline[1]!)].join('');
    source = source.slice(inline[0].length);
  }
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${source})$`, flags);
  } catch (error) {
    throw invalidInput(`Invalid inputFormat: regex [pattern] [${spec.pattern}] is not a valid regular expression: ${(error as Error).message}`);
  }
  const listDelimiter = spec.listDelimiter ?? DEFAULT_LIST_DELIMITER;
  return Object.freeze({ type: 'regex', pattern: spec.pattern, regex, columns: spec.columns ? Object.freeze([...spec.columns]) : null, listDelimiter });
}

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
