/**
 * Plain TypeScript sort permutation, the reference the WASM radix sort is tested against.
 */

const MAX_U32 = 0xffffffffn;

/**
 * The stable sorting permutation of `keys`: row indexes in ascending key order, equal keys in
 * input order. Keys that all fit 32 bits are packed as `key << 32 | index` and sorted natively;
 * wider keys fall back to a comparator sort of the indexes.
 *
 * @example
 * sortPermutationReference(BigUint64Array.of(5n, 1n, 5n, 0n)); // Uint32Array [3, 1, 0, 2]
 */
export function sortPermutationReference(keys: BigUint64Array): Uint32Array {
  const n = keys.length;
  let max = 0n;
  for (let i = 0; i < n; i++) if (keys[i]! > max) max = keys[i]!;
  if (max <= MAX_U32) {
    const packed = new BigUint64Array(n);
    for (let i = 0; i < n; i++) packed[i] = (keys[i]! << 32n) | BigInt(i);
    packed.sort();
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = Number(packed[i]! & MAX_U32);
    return out;
  }
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out.sort((a, b) => {
    const ka = keys[a]!;
    const kb = keys[b]!;
    return ka < kb ? -1 : ka > kb ? 1 : a - b;
  });
}
