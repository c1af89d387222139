import { toLong } from '@silt/expr';
import { type Frame, type FrameColumn, type NumericColumn, isDistinctDictionary } from '@silt/frame';
import type { GroupBySpec } from '../query-definition.ts';
import { type CountSumInput, countSumInputs, countSumPartials } from './count-sum-inputs.ts';

/**
 * One frame's partial aggregates, computed per dictionary entry, for the common shape of an
 * interactive top-N query: one STRING key over a distinct dictionary (a segment's column), and
 * only COUNT(*) and SUM of numeric values, with no FILTER or DISTINCT. One pass counts each entry's
 * rows and adds the first SUM's values by entry (a pass more for each further SUM, or for a SUM
 * over a column with nulls); the general path writes a group id per row first and then runs a
 * pass per aggregate over those ids (three passes over 1M rows for `COUNT(*), SUM(added)`, one
 * here).
 *
 * The result is a partial-aggregate frame: the key column (the entries in the order rows first
 * show them, which is the order GroupByTable creates groups in; null rows as -1), then each
 * aggregate's intermediate column. Combined into an empty GroupByTable it leaves the state that
 * aggregating the frame would: counts are exact integers, and each sum adds its group's rows in
 * row order, starting from 0, as the SUM accumulator does.
 *
 * Returns null when the spec, the key or an argument column has another shape; when the frame has
 * fewer than {@link MIN_ROWS_PER_ENTRY} rows per dictionary entry (then the per-entry arrays and
 * the handover of the groups cost more than the passes saved: a filter's 272k rows of a 100k-entry
 * `page` column ran slower); or when a LONG sum leaves the LONG range (combining reads a partial
 * sum through toLong, which would clamp it).
 */
export function partialsByEntry(spec: GroupBySpec, keyColumns: readonly FrameColumn[], frame: Frame): Frame | null {
  const key = keyColumns.length === 1 ? keyColumns[0]! : null;
  if (key?.kind !== 'string' || !isDistinctDictionary(key.dictionary)) return null;
  if (frame.numRows < MIN_ROWS_PER_ENTRY * key.dictionary.length) return null;
  const inputs = countSumInputs(spec, frame);
  if (!inputs) return null;

  // Slot 0 holds the rows whose key is null, slot e + 1 those of entry e.
  const slots = key.dictionary.length + 1;
  const fused = inputs.findIndex((input) => input !== null && !input.column.nulls);
  const { counts, order, sums } = countBySlot(key.ids, slots, fused < 0 ? null : inputs[fused]!);
  const entries = new Int32Array(order.length);
  for (let g = 0; g < order.length; g++) entries[g] = order[g]! - 1;
  const aggregates = inputs.map((input, i) => {
    if (!input) return bySlot(counts, null, order);
    return i === fused ? bySlot(sums!, null, order) : sumBySlot(key.ids, input.column, input.cast, slots, order);
  });
  return countSumPartials(spec, inputs, { kind: 'string', ids: entries, dictionary: key.dictionary }, order.length, aggregates);
}

/** Below this many rows per dictionary entry, the general path is as fast or faster. */
const MIN_ROWS_PER_ENTRY = 4;

/**
 * One pass: rows per slot, the slots in the order rows first show them, and, given `sum` (over a
 * column with no nulls), its values added by slot.
 */
function countBySlot(ids: Int32Array, slots: number, sum: CountSumInput): { counts: Int32Array; order: Int32Array; sums: Float64Array | null } {
  if (sum && !sum.long) return countBySlotInRowOrder(ids, slots, sum);
  const { counts, sums } = countByLane(ids, slots, sum);
  return { counts, order: firstSeenOrder(ids, counts), sums };
}

/** Copies of the per-slot arrays (lanes): neighbouring rows count into different copies. */
const LANES = 4;

/**
 * Counts and LONG sums per slot, each row into one of four lanes, the lanes then folded. With one copy, a
 * row whose slot an earlier row has just updated (27% of wikipedia rows are one channel's) waits
 * for that store before it can add; with four copies, four neighbouring rows add at once (half a
 * 1M-row segment over 50 channels: 3.8–4.3 → 1.8–2.2 ms). Integer sums are exact in any order
 * while within 2^53, which every LONG sum here assumes; a DOUBLE sum is not, so it keeps the
 * row-order pass.
 */
function countByLane(ids: Int32Array, slots: number, sum: CountSumInput): { counts: Int32Array; sums: Float64Array | null } {
  const laneCounts = new Int32Array(slots * LANES);
  if (!sum) {
    countLanes(ids, laneCounts);
    return { counts: foldLanes(laneCounts, new Int32Array(slots)), sums: null };
  }
  const laneSums = new Float64Array(slots * LANES);
  countAndSumLanes(ids, sum.column.values, sum.cast, laneCounts, laneSums);
  return { counts: foldLanes(laneCounts, new Int32Array(slots)), sums: foldLanes(laneSums, new Float64Array(slots)) };
}

/*
 * The lane loops below end their functions, and the rows left over from groups of four come
 * first: these loops run once or twice per query, so V8 optimizes them on the fly (OSR), and code
 * after such a loop that had not run yet made that optimized code give up on every call (twice
 * per query).
 */

/** Adds each row to its slot's count: the `length % 4` first rows in lane 0, then each group of four rows one per lane. */
function countLanes(ids: Int32Array, laneCounts: Int32Array): void {
  let r = 0;
  for (; r < ids.length % LANES; r++) laneCounts[(ids[r]! + 1) * LANES]!++;
  for (; r < ids.length; r += LANES) {
    laneCounts[(ids[r]! + 1) * LANES]!++;
    laneCounts[(ids[r + 1]! + 1) * LANES + 1]!++;
    laneCounts[(ids[r + 2]! + 1) * LANES + 2]!++;
    laneCounts[(ids[r + 3]! + 1) * LANES + 3]!++;
  }
}

/** {@link countLanes}, also adding each row's value (through toLong when `cast`) to its slot's sum in the same lane. */
function countAndSumLanes(ids: Int32Array, values: Float64Array, cast: boolean, laneCounts: Int32Array, laneSums: Float64Array): void {
  let r = 0;
  for (; r < ids.length % LANES; r++) {
    const a = (ids[r]! + 1) * LANES;
    laneCounts[a]!++;
    laneSums[a]! += cast ? toLong(values[r]!) : values[r]!;
  }
  for (; r < ids.length; r += LANES) {
    const a = (ids[r]! + 1) * LANES;
    const b = (ids[r + 1]! + 1) * LANES + 1;
    const c = (ids[r + 2]! + 1) * LANES + 2;
    const d = (ids[r + 3]! + 1) * LANES + 3;
    laneCounts[a]!++;
    laneCounts[b]!++;
    laneCounts[c]!++;
    laneCounts[d]!++;
    laneSums[a]! += cast ? toLong(values[r]!) : values[r]!;
    laneSums[b]! += cast ? toLong(values[r + 1]!) : values[r + 1]!;
    laneSums[c]! += cast ? toLong(values[r + 2]!) : values[r + 2]!;
    laneSums[d]! += cast ? toLong(values[r + 3]!) : values[r + 3]!;
  }
}

/** Each slot's lanes added into `out` (one entry per slot). */
function foldLanes<T extends Int32Array | Float64Array>(lanes: T, out: T): T {
  for (let s = 0; s < out.length; s++) out[s] = lanes[s * LANES]! + lanes[s * LANES + 1]! + lanes[s * LANES + 2]! + lanes[s * LANES + 3]!;
  return out;
}

/** The slots with rows, in the order rows first show them: reads rows until it has seen them all. */
function firstSeenOrder(ids: Int32Array, counts: Int32Array): Int32Array {
  let used = 0;
  for (let s = 0; s < counts.length; s++) if (counts[s] !== 0) used++;
  const order = new Int32Array(used);
  const seen = new Uint8Array(counts.length);
  for (let r = 0, found = 0; found < used; r++) {
    const slot = ids[r]! + 1;
    if (seen[slot] === 0) {
      seen[slot] = 1;
      order[found++] = slot;
    }
  }
  return order;
}

/** {@link countBySlot} adding each slot's values in row order, as a DOUBLE sum must. */
function countBySlotInRowOrder(ids: Int32Array, slots: number, sum: NonNullable<CountSumInput>): { counts: Int32Array; order: Int32Array; sums: Float64Array } {
  const counts = new Int32Array(slots);
  const order = new Int32Array(slots);
  let used = 0;
  const { column, cast } = sum;
  const values = column.values;
  const sums = new Float64Array(slots);
  for (let r = 0; r < ids.length; r++) {
    const slot = ids[r]! + 1;
    if (counts[slot]!++ === 0) order[used++] = slot;
    const v = values[r]!;
    sums[slot]! += cast ? toLong(v) : v;
  }
  return { counts, order: order.subarray(0, used), sums };
}

/**
 * A SUM's values added by slot in a pass of their own, and its partial column: each group's sum,
 * null where the group had no non-null value.
 */
function sumBySlot(ids: Int32Array, input: NumericColumn, cast: boolean, slots: number, order: Int32Array): NumericColumn {
  const { values, nulls } = input;
  const sums = new Float64Array(slots);
  const seen = nulls ? new Uint8Array(slots) : null;
  for (let r = 0; r < ids.length; r++) {
    if (nulls && nulls[r] === 1) continue;
    const slot = ids[r]! + 1;
    sums[slot]! += cast ? toLong(values[r]!) : values[r]!;
    if (seen) seen[slot] = 1;
  }
  return bySlot(sums, seen, order);
}

/** Per-slot values as a column of the groups (slots in `order`), null where `seen` is 0. */
function bySlot(values: Int32Array | Float64Array, seen: Uint8Array | null, order: Int32Array): NumericColumn {
  const out = new Float64Array(order.length);
  let nulls: Uint8Array | null = null;
  for (let g = 0; g < order.length; g++) {
    const slot = order[g]!;
    if (seen && seen[slot] !== 1) (nulls ??= new Uint8Array(order.length))[g] = 1;
    else out[g] = values[slot]!;
  }
  return { kind: 'numeric', values: out, nulls };
}
