/**
 * Druid's `murmur3_32_abs` hash partition function applied to hashes already computed:
 * `Math.abs(hash % numBuckets)`, where `%` is Java's int remainder (the result takes the sign of
 * the dividend, so a negative hash gives a negative remainder before `abs`).
 */
import { checkNumBuckets } from './row-offsets.ts';

/**
 * The bucket id of each hash: `abs(hash % numBuckets)` with Java int semantics. `numBuckets` must
 * be a positive 32-bit int (RangeError otherwise).
 *
 * @example
 * bucketsOf(Int32Array.of(-7, 7), 3); // Int32Array [1, 1]
 */
export function bucketsOf(hashes: Int32Array, numBuckets: number): Int32Array {
  checkNumBuckets(numBuckets);
  const out = new Int32Array(hashes.length);
  for (let i = 0; i < hashes.length; i++) out[i] = Math.abs(hashes[i]! % numBuckets);
  return out;
}
