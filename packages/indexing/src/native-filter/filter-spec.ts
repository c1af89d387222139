import { type ColumnType, type Interval, parseInterval } from '@silt/common';
import { z } from 'zod';
import type { NativeAst } from '../native-expr/native-ast.ts';
import { nativeIdentifiers } from '../native-expr/native-translate.ts';
import { parseNativeAst } from '../native-expr/native-parser.ts';
import { parseWith, specError, type SpecPath, withPath } from '../spec-error.ts';

/**
 * Druid's native query filters (docs/querying/filters.md), validated: selector, equals, in (both the
 * `dimension`/`values` and the typed `column`/`matchValueType`/`sortedValues` forms), bound, range,
 * like, regex, search, null, and, or, not, expression, true, false, interval and columnComparison.
 * Extraction functions, and the javascript, spatial, extraction and array filters, are refused.
 */
export type NativeFilter =
  | { readonly type: 'selector'; readonly dimension: string; readonly value: string | null }
  | { readonly type: 'equals'; readonly column: string; readonly matchValueType: ColumnType; readonly matchValue: string | number }
  | { readonly type: 'in'; readonly dimension: string; readonly values: readonly (string | null)[] }
  | {
      readonly type: 'bound';
      readonly dimension: string;
      readonly lower: string | null;
      readonly upper: string | null;
      readonly lowerStrict: boolean;
      readonly upperStrict: boolean;
      readonly ordering: 'lexicographic' | 'numeric';
    }
  | {
      readonly type: 'range';
      readonly column: string;
      readonly matchValueType: ColumnType;
      readonly lower: string | number | null;
      readonly upper: string | number | null;
      readonly lowerOpen: boolean;
      readonly upperOpen: boolean;
    }
  | { readonly type: 'like'; readonly dimension: string; readonly pattern: string; readonly escape: string | null }
  | { readonly type: 'regex'; readonly dimension: string; readonly pattern: string }
  | { readonly type: 'search'; readonly dimension: string; readonly values: readonly string[]; readonly caseSensitive: boolean }
  | { readonly type: 'null'; readonly column: string }
  | { readonly type: 'and' | 'or'; readonly fields: readonly NativeFilter[] }
  | { readonly type: 'not'; readonly field: NativeFilter }
  | { readonly type: 'expression'; readonly expression: string; readonly ast: NativeAst }
  | { readonly type: 'true' | 'false' }
  | { readonly type: 'interval'; readonly dimension: string; readonly intervals: readonly Interval[] }
  | { readonly type: 'columnComparison'; readonly dimensions: readonly string[] };

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));
const name = z.string().min(1, { message: 'must not be empty' });
const noExtraction = { extractionFn: z.unknown().optional() };

const SCHEMAS = {
  selector: z.object({ dimension: name, value: scalar.nullish(), ...noExtraction }),
  equals: z.object({ column: name, matchValueType: z.string().nullish(), matchValue: z.union([z.string(), z.number()]).nullish() }),
  in: z.object({
    dimension: name.nullish(),
    values: z.array(scalar.nullable()).nullish(),
    column: name.nullish(),
    matchValueType: z.string().nullish(),
    sortedValues: z.array(scalar.nullable()).nullish(),
    ...noExtraction,
  }),
  bound: z.object({
    dimension: name,
    lower: scalar.nullish(),
    upper: scalar.nullish(),
    lowerStrict: z.boolean().nullish(),
    upperStrict: z.boolean().nullish(),
    ordering: z.union([z.string(), z.object({ type: z.string() })]).nullish(),
    ...noExtraction,
  }),
  range: z.object({
    column: name,
    matchValueType: z.string().nullish(),
    lower: z.union([z.string(), z.number()]).nullish(),
    upper: z.union([z.string(), z.number()]).nullish(),
    lowerOpen: z.boolean().nullish(),
    upperOpen: z.boolean().nullish(),
  }),
  like: z.object({ dimension: name, pattern: z.string(), escape: z.string().max(1, { message: 'must be a single character' }).nullish(), ...noExtraction }),
  regex: z.object({ dimension: name, pattern: z.string(), ...noExtraction }),
  search: z.object({
    dimension: name,
    query: z.object({
      type: z.enum(['contains', 'insensitive_contains', 'fragment'], { error: 'must be one of [contains, insensitive_contains, fragment]' }),
      value: z.string().nullish(),
      values: z.array(z.string()).nullish(),
      caseSensitive: z.boolean().nullish(),
    }),
    ...noExtraction,
  }),
  null: z.object({ column: name }),
  logical: z.object({ fields: z.array(z.unknown()) }),
  not: z.object({ field: z.unknown() }),
  expression: z.object({ expression: z.string() }),
  interval: z.object({ dimension: name, intervals: z.array(z.string()).min(1, { message: 'must not be empty' }), ...noExtraction }),
  columnComparison: z.object({
    dimensions: z.array(z.union([name, z.object({ type: z.string().nullish(), dimension: name, outputName: z.string().nullish(), extractionFn: z.unknown().optional() })])),
  }),
} as const;

const TYPES = ['selector', 'equals', 'in', 'bound', 'range', 'like', 'regex', 'search', 'null', 'and', 'or', 'not', 'expression', 'true', 'false', 'interval', 'columnComparison'];
const REFUSED: Readonly<Record<string, string>> = {
  javascript: 'JavaScript filters are not supported by Silt',
  spatial: 'spatial filters are not supported by Silt',
  extraction: 'extraction filters are not supported by Silt; extraction functions are not supported',
  arrayContainsElement: 'the arrayContainsElement filter is not supported by Silt',
};

/** The value types an `equals` or `range` filter can match in Silt. */
function matchType(value: string | null | undefined, filter: string, column: string, path: SpecPath): ColumnType {
  if (value == null) throw specError([...path, 'matchValueType'], `Invalid ${filter} filter on column [${column}], matchValueType cannot be null`);
  const upper = value.toUpperCase();
  if (upper === 'STRING' || upper === 'LONG' || upper === 'DOUBLE' || upper === 'FLOAT') return upper;
  throw specError([...path, 'matchValueType'], `matchValueType [${value}] is not supported by Silt; use STRING, LONG, FLOAT or DOUBLE`);
}

/**
 * Validates a native filter (at `path` of the spec, for messages) and returns it in Silt's form.
 *
 * @throws DruidError (invalidInput) naming the field and the problem.
 */
export function parseNativeFilter(json: unknown, path: SpecPath): NativeFilter {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw specError(path, 'must be a filter object');
  const raw = json as Record<string, unknown>;
  const type = raw.type;
  if (typeof type !== 'string') throw specError([...path, 'type'], 'is required');
  if (REFUSED[type]) throw specError([...path, 'type'], REFUSED[type]);
  if (!TYPES.includes(type)) throw specError([...path, 'type'], `unknown filter type [${type}]; supported types are [${TYPES.join(', ')}]`);
  if (raw.extractionFn != null) throw specError([...path, 'extractionFn'], 'extraction functions are not supported by Silt');
  switch (type) {
    case 'selector': {
      const f = parseWith(SCHEMAS.selector, raw, path);
      return { type, dimension: f.dimension, value: f.value ?? null };
    }
    case 'equals': {
      const f = parseWith(SCHEMAS.equals, raw, path);
      const valueType = matchType(f.matchValueType, 'equality', f.column, path);
      if (f.matchValue == null) throw specError([...path, 'matchValue'], `Invalid equality filter on column [${f.column}], matchValue cannot be null`);
      return { type, column: f.column, matchValueType: valueType, matchValue: f.matchValue };
    }
    case 'in': {
      const f = parseWith(SCHEMAS.in, raw, path);
      const dimension = f.dimension ?? f.column;
      const values = f.values ?? f.sortedValues;
      if (!dimension) throw specError([...path, 'dimension'], 'is required');
      if (!values) throw specError([...path, 'values'], 'is required');
      return { type, dimension, values };
    }
    case 'bound':
      return parseBound(raw, path);
    case 'range': {
      const f = parseWith(SCHEMAS.range, raw, path);
      const valueType = matchType(f.matchValueType, 'range', f.column, path);
      if (f.lower == null && f.upper == null) throw specError(path, `Invalid range filter on column [${f.column}], lower and upper cannot be null at the same time`);
      return { type, column: f.column, matchValueType: valueType, lower: f.lower ?? null, upper: f.upper ?? null, lowerOpen: f.lowerOpen ?? false, upperOpen: f.upperOpen ?? false };
    }
    case 'like': {
      const f = parseWith(SCHEMAS.like, raw, path);
      return { type, dimension: f.dimension, pattern: f.pattern, escape: f.escape || null };
    }
    case 'regex': {
      const f = parseWith(SCHEMAS.regex, raw, path);
      withPath([...path, 'pattern'], () => checkRegex(f.pattern));
      return { type, dimension: f.dimension, pattern: f.pattern };
    }
    case 'search': {
      const f = parseWith(SCHEMAS.search, raw, path);
      const values = f.query.type === 'fragment' ? f.query.values : f.query.value == null ? null : [f.query.value];
      if (!values) throw specError([...path, 'query', f.query.type === 'fragment' ? 'values' : 'value'], 'is required');
      return { type, dimension: f.dimension, values, caseSensitive: f.query.type === 'insensitive_contains' ? false : (f.query.caseSensitive ?? false) };
    }
    case 'null':
      return { type, column: parseWith(SCHEMAS.null, raw, path).column };
    case 'and':
    case 'or': {
      const f = parseWith(SCHEMAS.logical, raw, path);
      if (f.fields.length === 0) throw specError([...path, 'fields'], `${type.toUpperCase()} operator requires at least one field`);
      return { type, fields: f.fields.map((field, i) => parseNativeFilter(field, [...path, 'fields', i])) };
    }
    case 'not':
      return { type, field: parseNativeFilter(parseWith(SCHEMAS.not, raw, path).field, [...path, 'field']) };
    case 'expression': {
      const f = parseWith(SCHEMAS.expression, raw, path);
      return { type, expression: f.expression, ast: withPath([...path, 'expression'], () => parseNativeAst(f.expression)) };
    }
    case 'true':
    case 'false':
      return { type };
    case 'interval': {
      const f = parseWith(SCHEMAS.interval, raw, path);
      const intervals = f.intervals.map((text, i) => {
        try {
          return parseInterval(text);
        } catch {
          throw specError([...path, 'intervals', i], `Invalid interval [${text}]`);
        }
      });
      return { type, dimension: f.dimension, intervals };
    }
    default: {
      const f = parseWith(SCHEMAS.columnComparison, raw, path);
      if (f.dimensions.length < 2) throw specError([...path, 'dimensions'], 'must name at least two dimensions');
      const dimensions = f.dimensions.map((d, i) => {
        if (typeof d === 'string') return d;
        if (d.extractionFn != null) throw specError([...path, 'dimensions', i, 'extractionFn'], 'extraction functions are not supported by Silt');
        return d.dimension;
      });
      return { type: 'columnComparison', dimensions };
    }
  }
}

function parseBound(raw: Record<string, unknown>, path: SpecPath): NativeFilter {
  const f = parseWith(SCHEMAS.bound, raw, path);
  if (f.lower == null && f.upper == null) throw specError(path, 'lower and upper can not be null at the same time');
  const orderingName = (typeof f.ordering === 'object' && f.ordering !== null ? f.ordering.type : f.ordering) ?? 'lexicographic';
  const ordering = orderingName.toLowerCase();
  if (ordering !== 'lexicographic' && ordering !== 'numeric') {
    throw specError([...path, 'ordering'], `ordering [${orderingName}] is not supported by Silt; use lexicographic or numeric`);
  }
  for (const side of ['lower', 'upper'] as const) {
    const value = f[side];
    if (ordering === 'numeric' && value != null && !Number.isFinite(Number(value))) throw specError([...path, side], `[${value}] is not a number`);
  }
  return {
    type: 'bound',
    dimension: f.dimension,
    lower: f.lower ?? null,
    upper: f.upper ?? null,
    lowerStrict: f.lowerStrict ?? false,
    upperStrict: f.upperStrict ?? false,
    ordering,
  };
}

function checkRegex(pattern: string): void {
  try {
    new RegExp(pattern);
  } catch (e) {
    throw specError([], `Invalid regular expression [${pattern}]: ${(e as Error).message}`);
  }
}

/** Every column a filter reads. */
export function filterColumns(filter: NativeFilter, into = new Set<string>()): Set<string> {
  switch (filter.type) {
    case 'equals':
    case 'range':
    case 'null':
      into.add(filter.column);
      break;
    case 'and':
    case 'or':
      for (const f of filter.fields) filterColumns(f, into);
      break;
    case 'not':
      filterColumns(filter.field, into);
      break;
    case 'expression':
      nativeIdentifiers(filter.ast, into);
      break;
    case 'columnComparison':
      for (const d of filter.dimensions) into.add(d);
      break;
    case 'true':
    case 'false':
      break;
    default:
      into.add(filter.dimension);
  }
  return into;
}
