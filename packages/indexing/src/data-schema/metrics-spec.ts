import type { ColumnType } from '@silt/common';
import { AGGREGATE_FUNCTIONS, type Expr, literal } from '@silt/expr';
import { z } from 'zod';
import type { NativeAst } from '../native-expr/native-ast.ts';
import { parseNativeAst } from '../native-expr/native-parser.ts';
import { type NativeFilter, parseNativeFilter } from '../native-filter/filter-spec.ts';
import { parseWith, specError, type SpecPath, withPath } from '../spec-error.ts';

/** Where a metric reads its input: a column of the (transformed) row, or a native expression over it. */
export type MetricInput = { readonly kind: 'field'; readonly name: string } | { readonly kind: 'expression'; readonly ast: NativeAst };

/**
 * One `metricsSpec` aggregator, resolved to an expr aggregate function:
 * count → COUNT; longSum/doubleSum/floatSum → SUM; long|double|float Min/Max → MIN/MAX;
 * long|double|float|string First/Last → EARLIEST/LATEST (by `timeColumn`, default `__time`);
 * long|double|float|string Any → ANY_VALUE; hyperUnique → HYPER_UNIQUE; thetaSketch → DS_THETA;
 * HLLSketchBuild / HLLSketchMerge → DS_HLL; quantilesDoublesSketch → DS_QUANTILES_SKETCH;
 * filtered → the inner aggregator with a FILTER. Sketch metrics are stored as sketches
 * (COMPLEX<json>), as Druid stores them unfinalized; `count` is a LONG column that queries sum.
 */
export interface MetricSpec {
  readonly name: string;
  /** Druid's aggregator type (the inner one for `filtered`). */
  readonly druidType: string;
  /** The expr aggregate function. */
  readonly fn: string;
  /** The type of the stored metric column (the aggregate call's type). */
  readonly type: ColumnType;
  readonly input: MetricInput | null;
  /** The type the input is read as. */
  readonly inputType: ColumnType;
  /** Literal trailing arguments (sketch sizes, maxStringBytes). */
  readonly params: readonly Expr[];
  /** EARLIEST / LATEST: the column that orders rows. */
  readonly timeColumn: string | null;
  readonly filter: NativeFilter | null;
  /** Whether the metric can be computed for a single row without rollup (sketches cannot, in Silt). */
  readonly rowwise: boolean;
  /** The aggregator as Druid echoes it. */
  readonly json: Readonly<Record<string, unknown>>;
}

interface AggregatorKind {
  readonly fn: string;
  readonly type: ColumnType;
  readonly inputType: ColumnType;
  readonly time?: boolean;
  readonly sketch?: boolean;
}

const KINDS: Readonly<Record<string, AggregatorKind>> = {
  longSum: { fn: 'SUM', type: 'LONG', inputType: 'LONG' },
  doubleSum: { fn: 'SUM', type: 'DOUBLE', inputType: 'DOUBLE' },
  floatSum: { fn: 'SUM', type: 'FLOAT', inputType: 'FLOAT' },
  longMin: { fn: 'MIN', type: 'LONG', inputType: 'LONG' },
  longMax: { fn: 'MAX', type: 'LONG', inputType: 'LONG' },
  doubleMin: { fn: 'MIN', type: 'DOUBLE', inputType: 'DOUBLE' },
  doubleMax: { fn: 'MAX', type: 'DOUBLE', inputType: 'DOUBLE' },
  floatMin: { fn: 'MIN', type: 'FLOAT', inputType: 'FLOAT' },
  floatMax: { fn: 'MAX', type: 'FLOAT', inputType: 'FLOAT' },
  longFirst: { fn: 'EARLIEST', type: 'LONG', inputType: 'LONG', time: true },
  longLast: { fn: 'LATEST', type: 'LONG', inputType: 'LONG', time: true },
  doubleFirst: { fn: 'EARLIEST', type: 'DOUBLE', inputType: 'DOUBLE', time: true },
  doubleLast: { fn: 'LATEST', type: 'DOUBLE', inputType: 'DOUBLE', time: true },
  floatFirst: { fn: 'EARLIEST', type: 'FLOAT', inputType: 'FLOAT', time: true },
  floatLast: { fn: 'LATEST', type: 'FLOAT', inputType: 'FLOAT', time: true },
  stringFirst: { fn: 'EARLIEST', type: 'STRING', inputType: 'STRING', time: true },
  stringLast: { fn: 'LATEST', type: 'STRING', inputType: 'STRING', time: true },
  longAny: { fn: 'ANY_VALUE', type: 'LONG', inputType: 'LONG' },
  doubleAny: { fn: 'ANY_VALUE', type: 'DOUBLE', inputType: 'DOUBLE' },
  floatAny: { fn: 'ANY_VALUE', type: 'FLOAT', inputType: 'FLOAT' },
  stringAny: { fn: 'ANY_VALUE', type: 'STRING', inputType: 'STRING' },
  hyperUnique: { fn: 'HYPER_UNIQUE', type: 'COMPLEX<json>', inputType: 'STRING', sketch: true },
  thetaSketch: { fn: 'DS_THETA', type: 'COMPLEX<json>', inputType: 'STRING', sketch: true },
  HLLSketchBuild: { fn: 'DS_HLL', type: 'COMPLEX<json>', inputType: 'STRING', sketch: true },
  HLLSketchMerge: { fn: 'DS_HLL', type: 'COMPLEX<json>', inputType: 'COMPLEX<json>', sketch: true },
  quantilesDoublesSketch: { fn: 'DS_QUANTILES_SKETCH', type: 'COMPLEX<json>', inputType: 'DOUBLE', sketch: true },
};

const schema = z.object({
  type: z.string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') }),
  name: z.string().nullish(),
  fieldName: z.string().nullish(),
  expression: z.string().nullish(),
  timeColumn: z.string().nullish(),
  maxStringBytes: z.number().int().positive().nullish(),
  isInputHyperUnique: z.boolean().nullish(),
  isInputThetaSketch: z.boolean().nullish(),
  size: z.number().int().positive().nullish(),
  lgK: z.number().int().nullish(),
  tgtHllType: z.string().nullish(),
  k: z.number().int().positive().nullish(),
  aggregator: z.unknown().optional(),
  filter: z.unknown().optional(),
});

/** Parses `dataSchema.metricsSpec` (absent: no metrics). */
export function parseMetricsSpec(value: unknown, path: SpecPath): MetricSpec[] {
  if (value == null) return [];
  if (!Array.isArray(value)) throw specError(path, 'must be a list of aggregators');
  return value.map((m, i) => parseMetric(m, [...path, i]));
}

function parseMetric(value: unknown, path: SpecPath): MetricSpec {
  const m = parseWith(schema, value, path);
  const json = value as Record<string, unknown>;
  if (m.type === 'filtered') {
    if (m.aggregator == null) throw specError([...path, 'aggregator'], 'is required');
    if (m.filter == null) throw specError([...path, 'filter'], 'is required');
    const inner = parseMetric(m.aggregator, [...path, 'aggregator']);
    if (inner.filter) throw specError([...path, 'aggregator'], 'nested filtered aggregators are not supported by Silt');
    const filter = parseNativeFilter(m.filter, [...path, 'filter']);
    const name = m.name ?? inner.name;
    return { ...inner, name, filter, json };
  }
  if (!m.name) throw specError([...path, 'name'], 'Must have a valid, non-null aggregator name');
  if (m.type === 'count') {
    return { name: m.name, druidType: 'count', fn: 'COUNT', type: 'LONG', input: null, inputType: 'LONG', params: [], timeColumn: null, filter: null, rowwise: true, json };
  }
  const kind = Object.hasOwn(KINDS, m.type) ? KINDS[m.type] : undefined;
  if (!kind) throw specError([...path, 'type'], `unknown or unsupported aggregator type [${m.type}]`);
  if (!AGGREGATE_FUNCTIONS.has(kind.fn)) throw specError([...path, 'type'], `aggregator type [${m.type}] is not supported by Silt: the expression library has no [${kind.fn}]`);
  if ((m.fieldName == null) === (m.expression == null)) {
    throw specError(path, kind.sketch || kind.time ? `[${m.type}] needs a fieldName` : 'Must have a valid, non-null fieldName or expression');
  }
  if (m.expression != null && (kind.sketch || kind.time)) throw specError([...path, 'expression'], `[${m.type}] does not take an expression; use fieldName`);
  const input: MetricInput =
    m.fieldName != null ? { kind: 'field', name: m.fieldName } : { kind: 'expression', ast: withPath([...path, 'expression'], () => parseNativeAst(m.expression!)) };
  return {
    name: m.name,
    druidType: m.type,
    fn: kind.fn,
    type: kind.type,
    input,
    inputType: inputTypeOf(m.type, kind, m),
    params: paramsOf(m.type, m, path),
    timeColumn: kind.time ? (m.timeColumn ?? '__time') : null,
    filter: null,
    rowwise: !kind.sketch,
    json,
  };
}

function inputTypeOf(type: string, kind: AggregatorKind, m: z.output<typeof schema>): ColumnType {
  if ((type === 'hyperUnique' && m.isInputHyperUnique) || (type === 'thetaSketch' && m.isInputThetaSketch)) return 'COMPLEX<json>';
  return kind.inputType;
}

function paramsOf(type: string, m: z.output<typeof schema>, path: SpecPath): Expr[] {
  switch (type) {
    case 'stringFirst':
    case 'stringLast':
    case 'stringAny':
      return [literal(m.maxStringBytes ?? 1024, 'LONG')];
    case 'thetaSketch': {
      const size = m.size ?? 16384;
      if (!isPowerOf2(size)) throw specError([...path, 'size'], `The value of the parameter "size" must be a positive integer-power of 2 and greater than 0: ${size}`);
      return [literal(size, 'LONG')];
    }
    case 'HLLSketchBuild':
    case 'HLLSketchMerge': {
      const lgK = m.lgK ?? 12;
      if (lgK < 4 || lgK > 21) throw specError([...path, 'lgK'], `lgK must be between 4 and 21, got [${lgK}]`);
      const target = (m.tgtHllType ?? 'HLL_4').toUpperCase();
      if (!['HLL_4', 'HLL_6', 'HLL_8'].includes(target)) throw specError([...path, 'tgtHllType'], `tgtHllType must be HLL_4, HLL_6 or HLL_8, got [${m.tgtHllType}]`);
      return [literal(lgK, 'LONG'), literal(target, 'STRING')];
    }
    case 'quantilesDoublesSketch': {
      const k = m.k ?? 128;
      if (k < 2 || k > 32768 || !isPowerOf2(k)) throw specError([...path, 'k'], `K must be >= 2 and <= 32768 and a power of 2: ${k}`);
      return [literal(k, 'LONG')];
    }
    default:
      return [];
  }
}

function isPowerOf2(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/** The input columns a metric reads directly by name (its field, its time column), for input typing. */
export function metricFieldNames(metric: MetricSpec): string[] {
  const names: string[] = [];
  if (metric.input?.kind === 'field') names.push(metric.input.name);
  if (metric.timeColumn) names.push(metric.timeColumn);
  return names;
}
