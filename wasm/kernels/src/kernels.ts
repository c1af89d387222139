/**
 * The host side of the WASM kernels: copies a batch into the instance's scratch memory, runs one
 * kernel call over the whole batch, and copies the result out. Scratch layouts are documented in
 * `assembly/murmur3.ts`, `assembly/radix-sort.ts` and `assembly/json-lines.ts` (its host side is
 * `json-lines.ts`).
 */
import { type JsonLinesExports, jsonLinesScanner } from './json-lines.ts';
import type { JsonLinesScan } from './json-lines-scan.ts';
import { KernelMemoryError } from './kernel-memory-error.ts';
import { badRowError, checkNumBuckets, rowCount } from './row-offsets.ts';

/** The batch kernels of one WebAssembly instance (one per thread). Results are fresh arrays owned by the caller. */
export interface Kernels {
  /**
   * MurmurHash3_x86_32 of every row (row `i` is `bytes[offsets[i], offsets[i + 1])`) with `seed`
   * (default 0), as Guava's `murmur3_32(seed).hashBytes(row).asInt()`. Throws a RangeError if a
   * row is not inside `bytes`.
   *
   * @example
   * const k = loadKernelsSync();
   * k.murmur3Rows(new TextEncoder().encode('hello'), Int32Array.of(0, 5)); // Int32Array [0x248bfa47]
   */
  murmur3Rows(bytes: Uint8Array, offsets: Int32Array, seed?: number): Int32Array;
  /**
   * Druid's `murmur3_32_abs` bucket of every row: `abs(murmur3_32(row) % numBuckets)` with Java's
   * int remainder, hashed and bucketed in one pass. Equals `bucketsOf(murmur3Rows(...), numBuckets)`.
   */
  hashBuckets(bytes: Uint8Array, offsets: Int32Array, numBuckets: number): Int32Array;
  /**
   * The stable sorting permutation of `keys`: row indexes in ascending key order, equal keys in
   * input order. LSD radix sort over only the bits that vary across the keys.
   *
   * @example
   * loadKernelsSync().radixSortPermutation(BigUint64Array.of(5n, 1n, 5n, 0n)); // Uint32Array [3, 1, 0, 2]
   */
  radixSortPermutation(keys: BigUint64Array): Uint32Array;
  /**
   * Scans a chunk of JSON lines for the top-level `keys` (distinct; see `JsonLinesScan` for what
   * is reported and which lines are left to `JSON.parse`). Returns null when the chunk has more than
   * `MAX_JSON_SLOTS` lines × keys. Throws a RangeError for a key `isByteMatchableKey` rejects.
   *
   * @example
   * const scan = loadKernelsSync().scanJsonLines(new TextEncoder().encode('{"a":"x","b":2}\n'), ['a', 'b'])!;
   * const { bytes, offsets } = scan.dictionaries[0]!;
   * new TextDecoder().decode(bytes.subarray(offsets[scan.ids[0]!], offsets[scan.ids[0]! + 1])); // 'x'
   * scan.numbers[1]; // 2
   */
  scanJsonLines(bytes: Uint8Array, keys: readonly string[]): JsonLinesScan | null;
  /**
   * How many `\n` bytes `bytes` holds (SIMD; the bytes are copied into scratch memory in pieces of
   * at most `COUNT_PIECE_BYTES`, so memory does not grow with the input).
   *
   * @example
   * loadKernelsSync().countNewlines(new TextEncoder().encode('a\nb\nc')); // 2
   */
  countNewlines(bytes: Uint8Array): number;
  /**
   * Grows scratch memory to at least `bytes` now, so the first large batch does not pay for the
   * growth (page commits cost most on first growth). Memory never shrinks.
   */
  reserve(bytes: number): void;
  /** Scratch bytes a `murmur3Rows`/`hashBuckets` batch of this size needs. */
  hashScratchBytes(byteLength: number, rows: number): number;
  /** Scratch bytes a `radixSortPermutation` of `n` keys needs. */
  sortScratchBytes(n: number): number;
  /** Current size of the instance's linear memory, in bytes. */
  readonly memoryBytes: number;
}

/** The raw exports of `build/kernels.wasm` (see `assembly/index.ts`). */
interface KernelExports extends JsonLinesExports {
  readonly memory: WebAssembly.Memory;
  readonly HIST_BYTES: WebAssembly.Global;
  reserve(bytes: number): number;
  murmur3Rows(data: number, len: number, offsets: number, n: number, seed: number, out: number): number;
  murmur3Buckets(data: number, len: number, offsets: number, n: number, seed: number, numBuckets: number, out: number): number;
  radixSortPermutation(keys: number, keysTmp: number, idx: number, idxTmp: number, hist: number, n: number): number;
}

/** Largest scratch region a 32-bit linear memory can hold (less the static data before it). */
const MAX_SCRATCH_BYTES = 2 ** 32 - 2 ** 20;

const align8 = (x: number): number => Math.ceil(x / 8) * 8;

/** Largest piece `countNewlines` copies into scratch memory at once. */
const COUNT_PIECE_BYTES = 4 << 20;

/** Wraps an instance of `build/kernels.wasm` as `Kernels`. */
export function createKernels(instance: WebAssembly.Instance): Kernels {
  const wasm = instance.exports as unknown as KernelExports;
  const histBytes = wasm.HIST_BYTES.value as number;

  /** Sizes scratch for `bytes` and returns its base address; re-read `memory.buffer` afterwards. */
  const scratch = (bytes: number): number => {
    const base = bytes <= MAX_SCRATCH_BYTES ? wasm.reserve(bytes) : 0;
    if (base === 0) throw new KernelMemoryError(bytes);
    return base;
  };

  const hashScratchBytes = (byteLength: number, rows: number): number => align8(byteLength) + 4 * (rows + 1) + 4 * rows;
  const sortScratchBytes = (n: number): number => 24 * n + histBytes;

  /** Copies the batch in, runs `kernel`, and copies the `n` results out. */
  const runRows = (bytes: Uint8Array, offsets: Int32Array, kernel: (data: number, offs: number, n: number, out: number) => number): Int32Array => {
    const n = rowCount(bytes, offsets);
    if (n === 0) return new Int32Array(0);
    const data = scratch(hashScratchBytes(bytes.length, n));
    const offs = data + align8(bytes.length);
    const out = offs + 4 * (n + 1);
    const buffer = wasm.memory.buffer;
    new Uint8Array(buffer, data, bytes.length).set(bytes);
    new Int32Array(buffer, offs, n + 1).set(offsets);
    const bad = kernel(data, offs, n, out);
    if (bad >= 0) throw badRowError(bad, bytes, offsets);
    return new Int32Array(wasm.memory.buffer, out, n).slice();
  };

  return {
    murmur3Rows: (bytes, offsets, seed = 0) =>
      runRows(bytes, offsets, (data, offs, n, out) => wasm.murmur3Rows(data, bytes.length, offs, n, seed | 0, out)),
    hashBuckets: (bytes, offsets, numBuckets) => {
      checkNumBuckets(numBuckets);
      return runRows(bytes, offsets, (data, offs, n, out) => wasm.murmur3Buckets(data, bytes.length, offs, n, 0, numBuckets, out));
    },
    radixSortPermutation: (keys) => {
      const n = keys.length;
      if (n === 0) return new Uint32Array(0);
      const base = scratch(sortScratchBytes(n));
      new BigUint64Array(wasm.memory.buffer, base, n).set(keys);
      const result = wasm.radixSortPermutation(base, base + 8 * n, base + 16 * n, base + 20 * n, base + 24 * n, n);
      return new Uint32Array(wasm.memory.buffer, result, n).slice();
    },
    scanJsonLines: jsonLinesScanner(wasm, scratch),
    countNewlines: (bytes) => {
      let count = 0;
      for (let from = 0; from < bytes.length; from += COUNT_PIECE_BYTES) {
        const piece = bytes.subarray(from, from + COUNT_PIECE_BYTES);
        const base = scratch(piece.length);
        new Uint8Array(wasm.memory.buffer, base, piece.length).set(piece);
        // jsonCountLines counts an unterminated last line as a line of its own.
        count += wasm.jsonCountLines(base, piece.length) - (piece[piece.length - 1] === 0x0a ? 0 : 1);
      }
      return count;
    },
    reserve: (bytes) => {
      scratch(bytes);
    },
    hashScratchBytes,
    sortScratchBytes,
    get memoryBytes() {
      return wasm.memory.buffer.byteLength;
    },
  };
}
