import { type Frame, type SortKey, dictionaryRanks, rowComparator, sortPermutation } from '@silt/frame';
import { loadKernelsSync } from '@silt/kernels';

const TIME_LOW_BITS = 12;
const RANK_BITS = 20;
// Powers computed once: `2 ** BITS` inside the packing loop was computed anew for every row (V8
// does not fold a module constant's power), which made packing 1M rows 130–180 ms instead of 10.
const TIME_LOW_SCALE = 2 ** TIME_LOW_BITS;
const RANK_SCALE = 2 ** RANK_BITS;
const MAX_TIME_SPAN = 2 ** 44;

/**
 * Row order of a segment: by `__time`, then the CLUSTERED BY columns. The first two keys (time
 * offset and the first string key's dictionary rank) are packed into one u64 and radix-sorted by
 * the WASM kernel; runs of equal packed keys are then ordered by the remaining keys. Falls back to
 * a comparator sort when the keys do not pack (no numeric `__time`, a time span over 2^44 ms, or
 * more than 2^20 distinct values).
 */
export function segmentSortPermutation(frame: Frame, sortColumns: readonly string[]): Int32Array {
  const keys: SortKey[] = sortColumns.map((name) => ({ column: frame.signature.findIndex((c) => c.name === name) })).filter((k) => k.column >= 0);
  const time = frame.columns[keys[0]?.column ?? -1];
  if (frame.numRows < 2 || !time || time.kind !== 'numeric' || frame.signature[keys[0]!.column]!.name !== '__time') return sortPermutation(frame, keys);
  const [min, max] = valueRange(time.values);
  const second = keys[1] ? frame.columns[keys[1].column] : undefined;
  const ranks = second?.kind === 'string' && second.dictionary.length < RANK_SCALE - 1 ? dictionaryRanks(second.dictionary) : null;
  if (max - min >= MAX_TIME_SPAN || (second && !ranks)) return sortPermutation(frame, keys);

  const packed = packTimeAndRank(time.values, min, second?.kind === 'string' ? second.ids : null, ranks);
  const order = loadKernelsSync().radixSortPermutation(packed);
  // Row numbers are below 2^31: the same bits read as int32, without a copy.
  const perm = new Int32Array(order.buffer, order.byteOffset, order.length);
  const rest = keys.slice(ranks ? 2 : 1);
  if (rest.length === 0) return perm;
  const compare = rowComparator(frame, rest);
  for (let start = 0; start < perm.length; ) {
    let end = start + 1;
    while (end < perm.length && packed[perm[end]!] === packed[perm[start]!]) end++;
    if (end - start > 1) perm.subarray(start, end).sort((a, b) => compare(a, b) || a - b);
    start = end;
  }
  return perm;
}

/** The smallest and largest of `values`. */
function valueRange(values: Float64Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

/**
 * Each row's sort key as a u64: the time's offset from `min` in the high 44 bits, then the rank of
 * the row's string id (0 for null or no string key, else rank + 1) in the low 20.
 */
function packTimeAndRank(times: Float64Array, min: number, ids: Int32Array | null, ranks: Int32Array | null): BigUint64Array {
  const packed = new BigUint64Array(times.length);
  const halves = new Uint32Array(packed.buffer);
  for (let r = 0; r < times.length; r++) {
    const offset = times[r]! - min;
    const rank = ids ? (ids[r]! < 0 ? 0 : ranks![ids[r]!]! + 1) : 0;
    const high = Math.floor(offset / TIME_LOW_SCALE);
    // Offsets are integers: this is the remainder, without `%` (fmod on doubles this large).
    const low = offset - high * TIME_LOW_SCALE;
    halves[r * 2] = (low * RANK_SCALE + rank) >>> 0;
    halves[r * 2 + 1] = high;
  }
  return packed;
}
