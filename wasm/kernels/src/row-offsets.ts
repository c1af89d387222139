/**
 * Checks shared by the kernels and their references for the "many rows in one buffer" input:
 * a byte buffer plus `n + 1` i32 offsets, row `i` being `bytes[offsets[i], offsets[i + 1])`.
 */

/**
 * Throws a RangeError unless `offsets` holds at least one entry and its first entry lies inside
 * `bytes`. Returns the number of rows. (Each row's end is checked while hashing.)
 */
export function rowCount(bytes: Uint8Array, offsets: Int32Array): number {
  if (offsets.length === 0) throw new RangeError('Row offsets must hold n + 1 entries, got none');
  const first = offsets[0]!;
  if (first < 0 || first > bytes.length) {
    throw new RangeError(`Row offsets start at [${first}], outside the ${bytes.length}-byte buffer`);
  }
  return offsets.length - 1;
}

/** The error for a row whose end precedes its start or passes the end of the buffer. */
export function badRowError(row: number, bytes: Uint8Array, offsets: Int32Array): RangeError {
  return new RangeError(
    `Row [${row}] spans [${offsets[row]}, ${offsets[row + 1]}), which is not inside the ${bytes.length}-byte buffer`,
  );
}

/** Throws a RangeError unless `numBuckets` is an integer in [1, 2^31 - 1] (a positive Java int). */
export function checkNumBuckets(numBuckets: number): void {
  if (!Number.isInteger(numBuckets) || numBuckets < 1 || numBuckets > 0x7fffffff) {
    throw new RangeError(`numBuckets must be an integer in [1, 2147483647], got [${numBuckets}]`);
  }
}
