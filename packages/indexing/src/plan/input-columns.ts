import type { ColumnType, RowSignature } from '@silt/common';
import type { DataSchema } from '../data-schema/data-schema.ts';
import type { DimensionSchema } from '../data-schema/dimensions-spec.ts';
import { metricFieldNames } from '../data-schema/metrics-spec.ts';
import { timestampReadType } from '../data-schema/timestamp-spec.ts';
import { nativeIdentifiers } from '../native-expr/native-translate.ts';
import { filterColumns } from '../native-filter/filter-spec.ts';

/**
 * The input columns a spec reads, and the type each is read as. The input row is the record after the
 * input format (and its flattenSpec); transforms read it, and everything else reads the transformed
 * row, where a transform shadows the input column of its name. A column is read as the first type
 * asked of it, in this order: the timestamp column (STRING, or LONG/DOUBLE for numeric formats), then
 * the dimensions (their types), then metric inputs (longSum reads LONG, doubleSum DOUBLE, …). Columns
 * only used by expressions and filters are raw values of unknown type, read as STRING and marked
 * untyped. Other consumers cast from the read type.
 */
export interface InputColumns {
  /** The externalScan signature, in first-use order. */
  readonly signature: RowSignature;
  /** Columns no consumer gave a type (read as STRING). */
  readonly untyped: ReadonlySet<string>;
  /**
   * Input columns the transformed row passes through (read by dimensions, metrics, filters or metric
   * expressions rather than only by transforms), in first-use order.
   */
  readonly passthrough: readonly string[];
}

/** Collects the input columns of a spec whose output dimensions are `dimensions`. */
export function inputColumns(schema: DataSchema, dimensions: readonly DimensionSchema[]): InputColumns {
  const transforms = new Set(schema.transformSpec.transforms.map((t) => t.name));
  const types = new Map<string, ColumnType | null>();
  const passthrough: string[] = [];
  const demand = (name: string, type: ColumnType | null): void => {
    const known = types.get(name);
    if (known === undefined || (known === null && type !== null)) types.set(name, type);
  };
  /** A column of the transformed row: an input column unless a transform (or `__time`) provides it. */
  const rowColumn = (name: string, type: ColumnType | null): void => {
    if (transforms.has(name) || name === '__time') return;
    demand(name, type);
    if (!passthrough.includes(name)) passthrough.push(name);
  };

  demand(schema.timestampSpec.column, timestampReadType(schema.timestampSpec));
  for (const d of dimensions) rowColumn(d.name, d.columnType);
  for (const m of schema.metrics) {
    if (m.input?.kind === 'field') rowColumn(m.input.name, m.inputType);
    if (m.timeColumn) rowColumn(m.timeColumn, 'LONG');
  }
  for (const t of schema.transformSpec.transforms) {
    for (const name of nativeIdentifiers(t.ast)) if (name !== '__time') demand(name, null);
  }
  const filter = schema.transformSpec.filter;
  if (filter) for (const name of filterColumns(filter)) rowColumn(name, null);
  for (const m of schema.metrics) {
    if (m.input?.kind === 'expression') for (const name of nativeIdentifiers(m.input.ast)) rowColumn(name, null);
    if (m.filter) for (const name of filterColumns(m.filter)) rowColumn(name, null);
    for (const name of metricFieldNames(m)) rowColumn(name, null);
  }
  const signature = [...types.entries()].map(([name, type]) => ({ name, type: type ?? 'STRING' }) as const);
  const untyped = new Set([...types.entries()].filter(([, type]) => type === null).map(([name]) => name));
  return { signature, untyped, passthrough };
}
