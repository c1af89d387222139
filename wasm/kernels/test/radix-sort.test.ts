import { describe, expect, it } from 'vitest';
import { loadKernelsSync, sortPermutationReference } from '../src/index.ts';
import { randomU64, rng } from './random.ts';

const kernels = loadKernelsSync();

/** Asserts `perm` is a permutation of `0..n-1` that orders `keys` ascending, ties by row index. */
function expectStableSortPermutation(keys: BigUint64Array, perm: Uint32Array): void {
  expect(perm.length).toBe(keys.length);
  const seen = new Uint8Array(keys.length);
  for (let i = 0; i < perm.length; i++) {
    const row = perm[i]!;
    if (row >= keys.length || seen[row] === 1) expect.fail(`row ${row} at ${i} is out of range or repeated`);
    seen[row] = 1;
    if (i > 0) {
      const prev = perm[i - 1]!;
      const ordered = keys[prev]! < keys[row]! || (keys[prev] === keys[row] && prev < row);
      if (!ordered) expect.fail(`rows ${prev} (${keys[prev]}) and ${row} (${keys[row]}) out of order at ${i}`);
    }
  }
}

/** Sorts with both the WASM kernel and the reference; checks the result and their agreement. */
function checkBoth(keys: BigUint64Array): void {
  const wasm = kernels.radixSortPermutation(keys);
  const reference = sortPermutationReference(keys);
  expectStableSortPermutation(keys, wasm);
  expectStableSortPermutation(keys, reference);
  expect(wasm).toEqual(reference);
}

const keysOf = (n: number, make: (i: number) => bigint): BigUint64Array => BigUint64Array.from({ length: n }, (_, i) => make(i));

describe('radixSortPermutation', () => {
  it('handles empty, single and all-equal inputs', () => {
    expect(kernels.radixSortPermutation(new BigUint64Array(0))).toEqual(new Uint32Array(0));
    expect(sortPermutationReference(new BigUint64Array(0))).toEqual(new Uint32Array(0));
    expect(kernels.radixSortPermutation(BigUint64Array.of(42n))).toEqual(Uint32Array.of(0));
    expect(kernels.radixSortPermutation(keysOf(1000, () => 0xdeadbeefcafen))).toEqual(Uint32Array.from({ length: 1000 }, (_, i) => i));
  });

  it('sorts a small example stably', () => {
    expect(kernels.radixSortPermutation(BigUint64Array.of(5n, 1n, 5n, 0n, 1n))).toEqual(Uint32Array.of(3, 1, 4, 0, 2));
  });

  it('keeps equal keys in input order (few distinct keys, many rows)', () => {
    const next = rng(11);
    checkBoth(keysOf(50_000, () => BigInt(Math.floor(next() * 5))));
    checkBoth(keysOf(50_000, () => BigInt(Math.floor(next() * 5)) << 61n));
  });

  it('agrees with the reference on random full-width 64-bit keys', () => {
    const next = rng(12);
    for (const n of [2, 3, 17, 1000, 100_000]) checkBoth(keysOf(n, () => randomU64(next)));
  });

  it('agrees with the reference on random 32-bit and small-range keys', () => {
    const next = rng(13);
    checkBoth(keysOf(100_000, () => BigInt(Math.floor(next() * 2 ** 32))));
    checkBoth(keysOf(100_000, () => 1_000_000n + BigInt(Math.floor(next() * 300))));
    checkBoth(keysOf(100_000, () => BigInt(Math.floor(next() * 2 ** 20)) << 7n));
  });

  it('sorts packed prefix keys (time bucket << 32 | dictionary rank)', () => {
    const next = rng(14);
    const hour = 3_600_000n;
    const start = 1_442_016_000_000n; // 2015-09-12T00:00:00Z in millis
    checkBoth(keysOf(100_000, () => (((start + BigInt(Math.floor(next() * 24)) * hour) / hour) << 32n) | BigInt(Math.floor(next() * 5000))));
  });

  it('agrees with the reference on skewed keys', () => {
    const next = rng(15);
    // Mostly one value with rare outliers far away in the high bits.
    checkBoth(keysOf(100_000, () => (next() < 0.999 ? 7n : randomU64(next))));
    // Only the lowest and highest bits vary: the middle digits are constant and skipped.
    checkBoth(keysOf(100_000, () => (BigInt(Math.floor(next() * 16)) << 60n) | 0x0123456789abcn | BigInt(Math.floor(next() * 16))));
    // Powers of two: each key differs in one bit.
    checkBoth(keysOf(10_000, () => 1n << BigInt(Math.floor(next() * 64))));
    // Extremes.
    checkBoth(BigUint64Array.of(0xffffffffffffffffn, 0n, 0xffffffffffffffffn, 1n, 0x8000000000000000n, 0n));
  });

  it('reuses memory across calls of different sizes', () => {
    const next = rng(16);
    const big = keysOf(300_000, () => randomU64(next));
    const small = keysOf(100, () => randomU64(next));
    const smallExpected = sortPermutationReference(small);
    expect(kernels.radixSortPermutation(small)).toEqual(smallExpected);
    expect(kernels.radixSortPermutation(big)).toEqual(sortPermutationReference(big));
    expect(kernels.radixSortPermutation(small)).toEqual(smallExpected);
  });

  it('leaves the caller keys untouched', () => {
    const keys = BigUint64Array.of(3n, 1n, 2n);
    kernels.radixSortPermutation(keys);
    expect(keys).toEqual(BigUint64Array.of(3n, 1n, 2n));
  });
});
