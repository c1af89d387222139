import { FaultError, type ColumnType, fault } from '@silt/common';
import { type Frame, type FrameColumn, columnBuilder, gatherFrame, valueAt } from '@silt/frame';
import type { MultiValueGrouping } from '@silt/sql';

/** Group keys of a frame's rows, after multi-value keys are unnested: `frame` holds one row per key row. */
export interface GroupKeyRows {
  readonly frame: Frame;
  readonly keyColumns: readonly FrameColumn[];
}

/**
 * Reads multi-value STRING keys as Druid's GROUP BY does. A list of one value is that value and an
 * empty list NULL; a row with several values is, by `mode`: repeated once per combination of its
 * keys' values (unnest, Druid's groupByEnableMultiValueUnnesting), or a fault. `frame` is gathered
 * to the repeated rows so aggregates read each row once per group it joins.
 */
export function multiValueKeyRows(frame: Frame, keyColumns: readonly FrameColumn[], keyTypes: readonly ColumnType[], keyNames: readonly string[], mode: MultiValueGrouping): GroupKeyRows {
  const multi = keyColumns.map((c, k) => keyTypes[k] === 'STRING' && c.kind === 'object');
  if (!multi.some(Boolean)) return { frame, keyColumns };
  const rows: number[] = [];
  const builders = keyTypes.map((type) => columnBuilder(type, frame.numRows));
  for (let r = 0; r < frame.numRows; r++) {
    const lists = keyColumns.map((c, k) => {
      const v = valueAt(c, r);
      if (!multi[k] || !Array.isArray(v)) return [v ?? null];
      if (v.length > 1 && mode !== 'unnest') throw multiValueFault(keyNames[k]!, mode);
      return v.length === 0 ? [null] : v;
    });
    forEachCombination(lists, (values) => {
      rows.push(r);
      values.forEach((v, k) => builders[k]!.add(v));
    });
  }
  const same = rows.length === frame.numRows;
  return { frame: same ? frame : gatherFrame(frame, rows), keyColumns: builders.map((b) => b.build()) };
}

function forEachCombination(lists: readonly (readonly unknown[])[], visit: (values: readonly unknown[]) => void): void {
  const values: unknown[] = new Array(lists.length);
  const walk = (k: number): void => {
    if (k === lists.length) return visit(values);
    for (const v of lists[k]!) {
      values[k] = v;
      walk(k + 1);
    }
  };
  walk(0);
}

/** Druid's failures for a multi-value key with groupByEnableMultiValueUnnesting false. */
function multiValueFault(column: string, mode: Exclude<MultiValueGrouping, 'unnest'>): FaultError {
  if (mode === 'fail') {
    const message = `Column [${column}] is a multi-value string. Please wrap the column using MV_TO_ARRAY() to proceed further.`;
    return new FaultError(fault('QueryRuntimeError', { message, baseErrorMessage: `Encountered multi-value dimension [${column}]` }));
  }
  const message = `Encountered multi-value dimension [${column}] that cannot be processed with 'groupByEnableMultiValueUnnesting' set to false. Consider setting 'groupByEnableMultiValueUnnesting' to true in your query context.`;
  return new FaultError(fault('UnknownError', { message }));
}
