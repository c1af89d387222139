/**
 * Micro-benchmark: WASM kernels vs their TypeScript references. Not part of the tests.
 * Run from the repo root: `npx tsx wasm/kernels/bench/kernels-bench.ts` (build the package first).
 * Prints the best of a few warm repetitions per case (the first, memory-growing call is shown apart).
 */
import { loadKernelsSync, murmur3RowsReference, sortPermutationReference } from '../src/index.ts';

const kernels = loadKernelsSync();

/** A seeded xorshift32 filling typed arrays quickly. */
function xorshift(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

/** Runs `fn` once cold, then `reps` times; returns [cold ms, best warm ms]. */
function time(fn: () => unknown, reps: number): [number, number] {
  let t = performance.now();
  fn();
  const cold = performance.now() - t;
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < reps; i++) {
    t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return [cold, best];
}

const fmt = (ms: number): string => `${ms.toFixed(0).padStart(6)} ms`;

function report(name: string, wasm: [number, number], reference: [number, number], units: string): void {
  console.log(
    `${name.padEnd(44)} wasm ${fmt(wasm[1])} (cold ${fmt(wasm[0])})  reference ${fmt(reference[1])}  ` +
      `speed-up ${(reference[1] / wasm[1]).toFixed(2)}x  [${units}]`,
  );
}

function benchMurmur(rows: number, rowBytes: number): void {
  const next = xorshift(rows);
  const bytes = new Uint8Array(rows * rowBytes);
  const words = new Uint32Array(bytes.buffer);
  for (let i = 0; i < words.length; i++) words[i] = next();
  const offsets = Int32Array.from({ length: rows + 1 }, (_, i) => i * rowBytes);
  const wasm = time(() => kernels.murmur3Rows(bytes, offsets), 5);
  const reference = time(() => murmur3RowsReference(bytes, offsets), 5);
  const mb = bytes.length / 2 ** 20;
  report(`murmur3Rows ${rows / 1e6}M rows x ${rowBytes} B`, wasm, reference, `wasm ${(mb / (wasm[1] / 1000)).toFixed(0)} MiB/s`);
  const buckets = time(() => kernels.hashBuckets(bytes, offsets, 7), 5);
  console.log(`${'  hashBuckets (fused, 7 buckets)'.padEnd(44)} wasm ${fmt(buckets[1])}`);
}

function benchSort(name: string, n: number, key: (next: () => number) => bigint, reps: number): void {
  const next = xorshift(n ^ name.length);
  const keys = new BigUint64Array(n);
  for (let i = 0; i < n; i++) keys[i] = key(next);
  const wasm = time(() => kernels.radixSortPermutation(keys), 3);
  const reference = time(() => sortPermutationReference(keys), reps);
  report(`radixSort ${n / 1e6}M ${name}`, wasm, reference, `wasm ${(n / (wasm[1] / 1000) / 1e6).toFixed(1)} Mkeys/s`);
}

console.log(`Node ${process.version}; WASM vs TypeScript reference, best warm time\n`);
benchMurmur(2_000_000, 16);
benchMurmur(500_000, 64);
benchSort('random 32-bit keys', 5_000_000, (next) => BigInt(next()), 2);
benchSort('hour<<32 | rank<5000 keys', 5_000_000, (next) => (BigInt(next() % 24) << 32n) | BigInt(next() % 5000), 1);
benchSort('rank<5000 keys (13 bits)', 5_000_000, (next) => BigInt(next() % 5000), 2);
benchSort('random 64-bit keys', 5_000_000, (next) => (BigInt(next()) << 32n) | BigInt(next()), 1);
