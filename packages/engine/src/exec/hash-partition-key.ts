/**
 * The bytes Druid hashes to place a row in a `hashed` partition (HashBasedNumberedShardSpec with the
 * `murmur3_32_abs` partition function), and the bucket they fall in.
 *
 * The key is a list, serialized by Jackson as compact JSON and encoded as UTF-8:
 * - with `partitionDimensions` empty, `Rows.toGroupKey(timestamp, row)`: `[<timestamp>,{<dim>:[<values>],…}]`
 *   where `<timestamp>` is the row's time truncated to queryGranularity (a JSON integer), the object
 *   holds every dimension of the row in sorted name order, each with its values sorted and
 *   de-duplicated (a null element sorts first and prints as `null`), and dimensions with no value
 *   are left out;
 * - otherwise, one list per partition dimension in the given order, each the row's values of that
 *   dimension as they are (not sorted): `[["US"],["a","b"],[]]`.
 * A row value becomes a list of strings as `Rows.objectToStrings` does: null → `[]`, an array → its
 * elements (null stays null), bytes → Base64, anything else → its string form. Numbers print as Java
 * prints a Long when integral and a Double otherwise. Strings are escaped as Jackson does (`"`, `\`,
 * `\b \t \n \f \r`, other controls as `\u00XX` with upper-case hex; nothing else).
 *
 * The bucket is `abs(murmur3_32(bytes) % numBuckets)` with Java's int remainder (Guava's murmur3_32,
 * seed 0), computed by the WASM kernel.
 */
import { javaDoubleToString } from '@silt/expr';
import { loadKernelsSync } from '@silt/kernels';

const encoder = new TextEncoder();

/**
 * The UTF-8 bytes of Druid's hash partition key of one row.
 *
 * @param timestampTruncated the row's `__time` truncated to the query granularity (epoch millis)
 * @param row the row's values by column name (the transformed input row)
 * @param partitionDimensions the partitionsSpec's `partitionDimensions` (empty: all dimensions and the time)
 * @param allDimensions the row's dimensions (used when `partitionDimensions` is empty)
 * @example
 * new TextDecoder().decode(hashPartitionKey(0, { page: 'a', user: ['y', 'x'] }, [], ['user', 'page']));
 * // '[0,{"page":["a"],"user":["x","y"]}]'
 */
export function hashPartitionKey(
  timestampTruncated: number,
  row: Readonly<Record<string, unknown>>,
  partitionDimensions: readonly string[],
  allDimensions: readonly string[],
): Uint8Array {
  return encoder.encode(hashPartitionKeyText(timestampTruncated, row, partitionDimensions, allDimensions));
}

/** The JSON text of {@link hashPartitionKey} (before UTF-8 encoding). */
export function hashPartitionKeyText(
  timestampTruncated: number,
  row: Readonly<Record<string, unknown>>,
  partitionDimensions: readonly string[],
  allDimensions: readonly string[],
): string {
  if (partitionDimensions.length > 0) return `[${partitionDimensions.map((d) => stringList(dimensionValues(row[d]))).join(',')}]`;
  const entries: string[] = [];
  for (const dim of [...new Set(allDimensions)].sort(compareJavaStrings)) {
    const values = [...new Set(dimensionValues(row[dim]))].sort(compareNullsFirst);
    if (values.length > 0) entries.push(`${jsonString(dim)}:${stringList(values)}`);
  }
  return `[${Math.trunc(timestampTruncated)},{${entries.join(',')}}]`;
}

/**
 * Druid's `murmur3_32_abs` bucket of one key: `abs(murmur3_32(key) % numBuckets)`.
 *
 * @example murmur3Bucket(hashPartitionKey(0, { page: 'a' }, ['page'], ['page']), 3);
 */
export function murmur3Bucket(keyBytes: Uint8Array, numBuckets: number): number {
  return loadKernelsSync().hashBuckets(keyBytes, Int32Array.of(0, keyBytes.length), numBuckets)[0]!;
}

/** The buckets of many keys at once (one kernel call). */
export function murmur3Buckets(keys: readonly Uint8Array[], numBuckets: number): Int32Array {
  const offsets = new Int32Array(keys.length + 1);
  let total = 0;
  keys.forEach((k, i) => {
    offsets[i] = total;
    total += k.length;
  });
  offsets[keys.length] = total;
  const bytes = new Uint8Array(total);
  keys.forEach((k, i) => bytes.set(k, offsets[i]!));
  return loadKernelsSync().hashBuckets(bytes, offsets, numBuckets);
}

/** `Rows.objectToStrings`: a row value as Druid's list of dimension values. */
function dimensionValues(value: unknown): (string | null)[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map((v) => (v === null || v === undefined ? null : javaString(v)));
  return [javaString(value)];
}

/** Java's `String.valueOf` of a scalar read from a row. */
function javaString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : javaDoubleToString(value);
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return JSON.stringify(value);
}

/** `String.compareTo`: UTF-16 code unit order. */
function compareJavaStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareNullsFirst(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return compareJavaStrings(a, b);
}

function stringList(values: readonly (string | null)[]): string {
  return `[${values.map((v) => (v === null ? 'null' : jsonString(v))).join(',')}]`;
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };

/** A JSON string literal escaped as Jackson escapes it. */
function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const code = s.charCodeAt(i);
    const short = SHORT_ESCAPES[c];
    if (short) out += short;
    else if (code < 0x20) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += c;
  }
  return `${out}"`;
}
