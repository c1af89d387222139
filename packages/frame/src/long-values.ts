/**
 * Value arrays known to hold only safe integers (no fraction, NaN, infinity or -0), each therefore
 * its own Java `(long)` cast: LONG columns decoded from segments. A LONG SUM over such an array
 * adds its values as they are, without the cast per value (about a third of a sum's loop), and
 * TIME_FLOOR to fixed buckets skips its safe-integer test per value. Marking is by identity, so a
 * gathered copy of the values is not marked.
 */
const longValues = new WeakSet<Float64Array>();

/** Records that every value of `values` is a safe integer and not -0; returns it. Never mark one that might not be. */
export function markLongValues<T extends Float64Array>(values: T): T {
  longValues.add(values);
  return values;
}

/** Whether `values` was marked as holding only safe integers. */
export function isLongValues(values: Float64Array): boolean {
  return longValues.has(values);
}
