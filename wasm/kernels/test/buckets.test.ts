import { describe, expect, it } from 'vitest';
import { bucketsOf, loadKernelsSync, murmur3RowsReference } from '../src/index.ts';
import { rng } from './random.ts';

const kernels = loadKernelsSync();

/** Java's `Math.abs(hash % numBuckets)` written out: truncated division, remainder takes the dividend's sign. */
function javaAbsRemainder(hash: number, numBuckets: number): number {
  const remainder = hash - numBuckets * Math.trunc(hash / numBuckets);
  return remainder < 0 ? -remainder : remainder;
}

describe('bucketsOf (murmur3_32_abs on computed hashes)', () => {
  it('keeps the sign of the dividend before abs, like Java %', () => {
    expect(bucketsOf(Int32Array.of(-7, 7, -6, 0), 3)).toEqual(Int32Array.of(1, 1, 0, 0));
    // Floor-mod would give 2 for -7 mod 3; Java gives -1, then abs 1.
    expect(bucketsOf(Int32Array.of(-2147483648, 2147483647, -1), 10)).toEqual(Int32Array.of(8, 7, 1));
    expect(bucketsOf(Int32Array.of(-2147483648), 2147483647)).toEqual(Int32Array.of(1));
  });

  it('puts everything in bucket 0 with one bucket', () => {
    expect(bucketsOf(Int32Array.of(-5, 5, -2147483648), 1)).toEqual(Int32Array.of(0, 0, 0));
  });

  it('rejects a bucket count that is not a positive 32-bit int', () => {
    for (const bad of [0, -3, 1.5, Number.NaN, 2 ** 31]) {
      expect(() => bucketsOf(Int32Array.of(1), bad)).toThrow(RangeError);
      expect(() => kernels.hashBuckets(new Uint8Array(1), Int32Array.of(0, 1), bad)).toThrow(RangeError);
    }
  });
});

describe('hashBuckets (fused murmur3_32_abs in WASM)', () => {
  it('equals bucketsOf over the reference hashes, including negative hashes', () => {
    const next = rng(7);
    const n = 5000;
    const offsets = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + Math.floor(next() * 40);
    const bytes = Uint8Array.from({ length: offsets[n]! }, () => Math.floor(next() * 256));
    const hashes = murmur3RowsReference(bytes, offsets);
    expect(hashes.some((h) => h < 0)).toBe(true);
    for (const numBuckets of [1, 2, 3, 7, 10, 1000, 2147483647]) {
      const wasm = kernels.hashBuckets(bytes, offsets, numBuckets);
      expect(wasm).toEqual(bucketsOf(hashes, numBuckets));
      expect(Array.from(wasm)).toEqual(Array.from(hashes, (h) => javaAbsRemainder(h, numBuckets)));
    }
  });

  it('hashes "hello" (murmur3_32 0x248bfa47) into its Druid bucket', () => {
    const bytes = new TextEncoder().encode('hello');
    // 0x248bfa47 = 613153351; 613153351 % 10 = 1
    expect(kernels.hashBuckets(bytes, Int32Array.of(0, 5), 10)).toEqual(Int32Array.of(1));
  });

  it('returns no buckets for zero rows and rejects bad rows', () => {
    expect(kernels.hashBuckets(new Uint8Array(0), Int32Array.of(0), 4)).toEqual(new Int32Array(0));
    expect(() => kernels.hashBuckets(new Uint8Array(3), Int32Array.of(0, 4), 4)).toThrow(/Row \[0\] spans \[0, 4\)/);
  });
});
