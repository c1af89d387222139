import type { RowSignature } from '@silt/common';
import { type AggregateCall, evaluate, toLong } from '@silt/expr';
import { type Frame, type FrameColumn, type NumericColumn, isLongValues } from '@silt/frame';
import type { GroupBySpec } from '../query-definition.ts';

/**
 * What the direct partial-aggregate paths (partials-by-entry.ts, partials-by-run.ts) share: the
 * aggregates they take — only COUNT(*) and SUM of numeric values, with no FILTER or DISTINCT — and
 * the partial frame they hand to GroupByTable.combine.
 */

/**
 * One aggregate's input: null for COUNT(*); else a SUM's values, whether it sums as LONG, and
 * whether each value goes through toLong first, as the SUM accumulator does for LONG unless the
 * values are marked as safe integers (each its own toLong).
 */
export type CountSumInput = { readonly column: NumericColumn; readonly long: boolean; readonly cast: boolean } | null;

/** Each aggregate's input, or null when an aggregate is another (or a SUM's argument is not numeric). */
export function countSumInputs(spec: GroupBySpec, frame: Frame): CountSumInput[] | null {
  if (!spec.aggregates.every((a) => isCountStar(a.call) || isPlainSum(a.call))) return null;
  const inputs: CountSumInput[] = [];
  for (const { call } of spec.aggregates) {
    if (isCountStar(call)) {
      inputs.push(null);
      continue;
    }
    const column = evaluate(call.args[0]!, frame);
    if (column.kind !== 'numeric') return null;
    const long = call.type === 'LONG';
    inputs.push({ column, long, cast: long && !isLongValues(column.values) });
  }
  return inputs;
}

/**
 * The partial-aggregate frame of `numGroups` groups: the key column, then each aggregate's
 * intermediate column (COUNT: the counts; SUM: the sums, null for a group with no non-null value).
 * Null when a LONG sum is not its own toLong (past the LONG range): combining reads each partial
 * sum through toLong, which would clamp it where aggregating the rows did not.
 */
export function countSumPartials(spec: GroupBySpec, inputs: readonly CountSumInput[], key: FrameColumn, numGroups: number, aggregates: readonly NumericColumn[]): Frame | null {
  for (const [i, input] of inputs.entries()) if (input?.long && !withinLongRange(aggregates[i]!)) return null;
  const signature: RowSignature = [spec.signature[0]!, ...spec.aggregates.map((a, i) => ({ name: a.name, type: inputs[i] ? a.call.type : ('LONG' as const) }))];
  return { signature, numRows: numGroups, columns: [key, ...aggregates] };
}

function isCountStar(call: AggregateCall): boolean {
  return call.fn.toUpperCase() === 'COUNT' && call.args.length === 0 && !call.distinct && !call.filter;
}

function isPlainSum(call: AggregateCall): boolean {
  return call.fn.toUpperCase() === 'SUM' && call.args.length === 1 && !call.distinct && !call.filter;
}

function withinLongRange(column: NumericColumn): boolean {
  for (let g = 0; g < column.values.length; g++) {
    const v = column.values[g]!;
    if ((!column.nulls || column.nulls[g] !== 1) && toLong(v) !== v) return false;
  }
  return true;
}
