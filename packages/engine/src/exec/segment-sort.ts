import { type Frame, type SortKey, dictionaryRanks, rowComparator, sortPermutation } from '@silt/frame';
import { loadKernelsSync } from '@silt/kernels';

const TIME_LOW_BITS = 12;
const RANK_BITS = 20;
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
  let min = Infinity;
  let max = -Infinity;
  for (const t of time.values) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const second = keys[1] ? frame.columns[keys[1].column] : undefined;
  const ranks = second?.kind === 'string' && second.dictionary.length < 2 ** RANK_BITS - 1 ? dictionaryRanks(second.dictionary) : null;
  if (max - min >= MAX_TIME_SPAN || (second && !ranks)) return sortPermutation(frame, keys);

  const packed = new BigUint64Array(frame.numRows);
  const halves = new Uint32Array(packed.buffer);
  const ids = second?.kind === 'string' ? second.ids : null;
  for (let r = 0; r < frame.numRows; r++) {
    const offset = time.values[r]! - min;
    const rank = ids ? (ids[r]! < 0 ? 0 : ranks![ids[r]!]! + 1) : 0;
    halves[r * 2] = ((offset % 2 ** TIME_LOW_BITS) * 2 ** RANK_BITS + rank) >>> 0;
    halves[r * 2 + 1] = Math.floor(offset / 2 ** TIME_LOW_BITS);
  }
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
