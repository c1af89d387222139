import { toLong } from '@silt/expr';
import type { Frame, FrameColumn, NumericColumn } from '@silt/frame';
import type { GroupBySpec } from '../query-definition.ts';
import { type CountSumInput, countSumInputs, countSumPartials } from './count-sum-inputs.ts';

/**
 * One frame's partial aggregates, computed per run of equal key values, for a GROUP BY on one
 * numeric key whose rows come in runs (time buckets of a time-sorted segment: 24 runs in a day of
 * 1M rows grouped by hour) and only COUNT(*) and SUM of numeric values (count-sum-inputs.ts). One
 * pass finds the runs, looking each run's value up once and counting its rows at once; each SUM
 * then adds its values run by run. The general path writes a group id per row and then runs a pass
 * per aggregate over those ids.
 *
 * The result is a partial-aggregate frame: the key column (each group's first value, in the order
 * rows first show the groups, as GroupByTable creates them; a group per value as its number map
 * keys them, so -0 joins 0 and NaN joins NaN), then each aggregate's intermediate column. Combined
 * into an empty GroupByTable it leaves the state that aggregating the frame would: counts are
 * exact integers, and each sum adds its group's rows in row order, starting from 0, as the SUM
 * accumulator does.
 *
 * Returns null when the spec, the key or an argument column has another shape; when the runs are
 * shorter than {@link MIN_ROWS_PER_RUN} rows on average (the per-row lookups of the general path
 * are then as cheap, and the handover of many groups costs more); or when a LONG sum leaves the
 * LONG range.
 */
export function partialsByRun(spec: GroupBySpec, keyColumns: readonly FrameColumn[], frame: Frame): Frame | null {
  const key = keyColumns.length === 1 ? keyColumns[0]! : null;
  if (key?.kind !== 'numeric') return null;
  const inputs = countSumInputs(spec, frame);
  if (!inputs) return null;
  const runs = runsOf(key, Math.floor(frame.numRows / MIN_ROWS_PER_RUN));
  if (!runs) return null;
  const aggregates = inputs.map((input) => (input ? sumByRun(runs, input) : countColumn(runs)));
  const keyColumn: NumericColumn = { kind: 'numeric', values: Float64Array.from(runs.keys), nulls: runs.nullGroup < 0 ? null : nullAt(runs.nullGroup, runs.keys.length) };
  return countSumPartials(spec, inputs, keyColumn, runs.keys.length, aggregates);
}

/** Below this many rows per run on average, the general path is as fast or faster. */
const MIN_ROWS_PER_RUN = 4;

/** The runs of equal key values (a null key is a value of its own) and the groups they form. */
interface Runs {
  /** Where each run starts, with the number of rows at the end. */
  readonly starts: number[];
  /** Each run's group. */
  readonly groups: number[];
  /** Each group's key: the first value of its first run (0 for the null group). */
  readonly keys: number[];
  /** The null group, -1 when no key is null. */
  readonly nullGroup: number;
}

/** The runs of a key column, or null when there are more than `maxRuns`. */
function runsOf(key: NumericColumn, maxRuns: number): Runs | null {
  const { values, nulls } = key;
  const n = values.length;
  const starts: number[] = [];
  const groups: number[] = [];
  const keys: number[] = [];
  const groupOf = new Map<number, number>();
  let nullGroup = -1;
  let r = 0;
  while (r < n) {
    if (starts.length === maxRuns) return null;
    starts.push(r);
    if (nulls && nulls[r] === 1) {
      if (nullGroup < 0) nullGroup = keys.push(0) - 1;
      groups.push(nullGroup);
      r = nullRunEnd(nulls, r);
      continue;
    }
    const v = values[r]!;
    let g = groupOf.get(v);
    if (g === undefined) groupOf.set(v, (g = keys.push(v) - 1));
    groups.push(g);
    r = runEnd(values, nulls, r);
  }
  starts.push(n);
  return { starts, groups, keys, nullGroup };
}

// The scans of a run are functions of their own: inside `runsOf`, V8 compiled the scan of the
// first long run on the fly, and that code bailed out after the last run on every query
// (docs/performance.md, "V8 pitfalls").

/** The row after the run of non-null rows equal to row r (NaN !== NaN: each NaN row is a run of its own). */
function runEnd(values: Float64Array, nulls: Uint8Array | null, r: number): number {
  const v = values[r]!;
  const n = values.length;
  while (++r < n && values[r] === v && !(nulls && nulls[r] === 1));
  return r;
}

/** The row after the run of null rows from row r. */
function nullRunEnd(nulls: Uint8Array, r: number): number {
  while (++r < nulls.length && nulls[r] === 1);
  return r;
}

function countColumn({ starts, groups, keys }: Runs): NumericColumn {
  const counts = new Float64Array(keys.length);
  for (let i = 0; i < groups.length; i++) counts[groups[i]!]! += starts[i + 1]! - starts[i]!;
  return { kind: 'numeric', values: counts, nulls: null };
}

/** A SUM's partial column: each group's rows added in row order, null for a group with no non-null value. */
function sumByRun({ starts, groups, keys }: Runs, input: NonNullable<CountSumInput>): NumericColumn {
  const { column, cast } = input;
  const { values, nulls } = column;
  const sums = new Float64Array(keys.length);
  const seen = new Uint8Array(keys.length);
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    const end = starts[i + 1]!;
    // The run's rows are added to the group's running sum one by one, in order, as row by row.
    let sum = sums[g]!;
    for (let r = starts[i]!; r < end; r++) {
      if (nulls && nulls[r] === 1) continue;
      sum += cast ? toLong(values[r]!) : values[r]!;
      seen[g] = 1;
    }
    sums[g] = sum;
  }
  let outNulls: Uint8Array | null = null;
  for (let g = 0; g < keys.length; g++) if (seen[g] !== 1) (outNulls ??= new Uint8Array(keys.length))[g] = 1;
  return { kind: 'numeric', values: sums, nulls: outNulls };
}

function nullAt(index: number, length: number): Uint8Array {
  const nulls = new Uint8Array(length);
  nulls[index] = 1;
  return nulls;
}
