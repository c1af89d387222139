/**
 * Micro-benchmark: WASM kernels vs their TypeScript references. Not part of the tests.
 * Run from the repo root: `npx tsx wasm/kernels/bench/kernels-bench.ts [wiki.json]` (build the package
 * first). Prints the best of a few warm repetitions per case (the first, memory-growing call is shown
 * apart). The NDJSON case reads a wikipedia-shaped file (default `/tmp/wiki-1m.json`, made by
 * `node /work/shared/bench/gen-wiki.mjs /tmp/wiki-1m.json 1000000`) and also runs the kernel built
 * without SIMD (compiled into a temporary directory with asc).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKernels, type Kernels } from '../src/kernels.ts';
import { countNewlinesReference, loadKernelsSync, murmur3RowsReference, scanJsonLinesReference, sortPermutationReference } from '../src/index.ts';

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

/** Counting newlines in 64 MiB of 400-byte lines, as the chunk reader does on the main thread. */
function benchCountNewlines(): void {
  const bytes = new Uint8Array(64 << 20).fill(0x61);
  for (let i = 399; i < bytes.length; i += 400) bytes[i] = 0x0a;
  const wasm = time(() => kernels.countNewlines(bytes), 5);
  const reference = time(() => countNewlinesReference(bytes), 3);
  report('countNewlines 64 MiB, 400 B lines', wasm, reference, `wasm ${(64 / (wasm[1] / 1000)).toFixed(0)} MiB/s`);
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
benchCountNewlines();
benchSort('random 32-bit keys', 5_000_000, (next) => BigInt(next()), 2);
benchSort('hour<<32 | rank<5000 keys', 5_000_000, (next) => (BigInt(next() % 24) << 32n) | BigInt(next() % 5000), 1);
benchSort('rank<5000 keys (13 bits)', 5_000_000, (next) => BigInt(next() % 5000), 2);
benchSort('random 64-bit keys', 5_000_000, (next) => (BigInt(next()) << 32n) | BigInt(next()), 1);

const WIKI_KEYS = [
  'time', 'channel', 'cityName', 'comment', 'countryIsoCode', 'countryName', 'isAnonymous', 'isMinor', 'isNew', 'isRobot',
  'isUnpatrolled', 'metroCode', 'namespace', 'page', 'regionIsoCode', 'regionName', 'user', 'delta', 'added', 'deleted',
];

/** The kernels compiled without SIMD (byte-at-a-time string scans), in a temporary directory. */
function kernelsWithoutSimd(): Kernels {
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const dir = mkdtempSync(path.join(tmpdir(), 'silt-kernels-'));
  try {
    const out = path.join(dir, 'kernels-scalar.wasm');
    // The release build's own settings (asconfig.json), with SIMD switched off.
    execFileSync('npx', ['asc', 'assembly/index.ts', '--config', 'asconfig.json', '--target', 'release', '--disable', 'simd', '--outFile', out], { cwd: root, stdio: 'inherit' });
    return createKernels(new WebAssembly.Instance(new WebAssembly.Module(readFileSync(out)), {}));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The first `maxBytes` of `file`, cut into chunks of whole lines of about 4 MiB. */
function lineChunks(file: string, maxBytes: number): Uint8Array[] {
  const fd = openSync(file, 'r');
  const bytes = new Uint8Array(maxBytes);
  const n = readSync(fd, bytes, 0, maxBytes, 0);
  closeSync(fd);
  const chunks: Uint8Array[] = [];
  const end = bytes.lastIndexOf(10, n - 1) + 1;
  for (let p = 0; p < end; ) {
    let e = Math.min(end, p + (4 << 20));
    while (e < end && bytes[e - 1] !== 10) e++;
    chunks.push(bytes.subarray(p, e));
    p = e;
  }
  return chunks;
}

function benchJsonScan(file: string): void {
  if (!existsSync(file)) {
    console.log(`scanJsonLines: ${file} is absent (node /work/shared/bench/gen-wiki.mjs ${file} 1000000)`);
    return;
  }
  const chunks = lineChunks(file, 200 << 20);
  const mb = chunks.reduce((n, c) => n + c.length, 0) / 2 ** 20;
  const scanAll = (k: Kernels) => () => chunks.forEach((c) => k.scanJsonLines(c, WIKI_KEYS));
  const simd = time(scanAll(kernels), 3);
  const scalar = time(scanAll(kernelsWithoutSimd()), 3);
  const sample = chunks.slice(0, 2);
  const wasmSample = time(() => sample.forEach((c) => kernels.scanJsonLines(c, WIKI_KEYS)), 3);
  const reference = time(() => sample.forEach((c) => scanJsonLinesReference(c, WIKI_KEYS)), 1);
  const rate = (ms: number) => `${(mb / (ms / 1000)).toFixed(0)} MiB/s`;
  console.log(
    `${`scanJsonLines ${mb.toFixed(0)} MiB wiki, 20 keys`.padEnd(44)} SIMD ${fmt(simd[1])} (cold ${fmt(simd[0])})  without SIMD ${fmt(scalar[1])}  ` +
      `speed-up ${(scalar[1] / simd[1]).toFixed(2)}x  [SIMD ${rate(simd[1])}, without ${rate(scalar[1])}]`,
  );
  report('scanJsonLines 2 chunks vs TS reference', wasmSample, reference, 'same output');
}

benchJsonScan(process.argv[2] ?? '/tmp/wiki-1m.json');
