import { describe, expect, it } from 'vitest';
import { loadKernelsSync, murmur3Reference, murmur3RowsReference } from '../src/index.ts';
import { rng } from './random.ts';

const kernels = loadKernelsSync();
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const utf16le = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf16le'));
const int32le = (v: number): Uint8Array => new Uint8Array(Int32Array.of(v).buffer);

/** Hashes one whole buffer through both the reference and the WASM batch kernel. */
function both(bytes: Uint8Array, seed = 0): [number, number] {
  return [murmur3Reference(bytes, 0, bytes.length, seed), kernels.murmur3Rows(bytes, Int32Array.of(0, bytes.length), seed)[0]!];
}

/** Rows of random lengths in `[0, maxLen]`, back to back, starting `lead` bytes into the buffer. */
function randomRows(next: () => number, n: number, maxLen: number, lead = 0): { bytes: Uint8Array; offsets: Int32Array } {
  const offsets = new Int32Array(n + 1);
  offsets[0] = lead;
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + Math.floor(next() * (maxLen + 1));
  const bytes = new Uint8Array(offsets[n]! + Math.floor(next() * 5));
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
  return { bytes, offsets };
}

describe('murmur3_32 known vectors', () => {
  it('matches MurmurHash3_x86_32 on UTF-8 strings', () => {
    expect(both(utf8(''))).toEqual([0, 0]);
    expect(both(utf8('hello'))).toEqual([0x248bfa47, 0x248bfa47]);
    expect(both(utf8('The quick brown fox jumps over the lazy dog'))).toEqual([0x2e4ff723, 0x2e4ff723]);
  });

  it("matches Guava's published string vectors (hashed as UTF-16LE code units)", () => {
    // Guava's Murmur3Hash32Test hashes the chars of a string, i.e. its UTF-16LE bytes.
    const vectors: [string, number][] = [
      ['', 0],
      ['k', 679745764],
      ['hello', -675079799],
      ['http://www.google.com/', 1935035788],
      ['The quick brown fox jumps over the lazy dog', -528633700],
    ];
    for (const [text, expected] of vectors) expect(both(utf16le(text)), text).toEqual([expected, expected]);
  });

  it("matches Guava's published int vectors (hashInt: 4 little-endian bytes)", () => {
    const vectors: [number, number][] = [
      [0, 593689054],
      [-42, -189366624],
      [42, -1134849565],
      [-2147483648, -1718298732],
      [2147483647, -1653689534],
    ];
    for (const [input, expected] of vectors) expect(both(int32le(input)), String(input)).toEqual([expected, expected]);
  });

  it('passes the SMHasher verification value 0xB0F57EE3 (seeds 256..1, keys of 0..255 bytes)', () => {
    const key = Uint8Array.from({ length: 256 }, (_, i) => i);
    const refHashes = new Int32Array(256);
    const wasmHashes = new Int32Array(256);
    for (let i = 0; i < 256; i++) {
      refHashes[i] = murmur3Reference(key, 0, i, 256 - i);
      wasmHashes[i] = kernels.murmur3Rows(key, Int32Array.of(0, i), 256 - i)[0]!;
    }
    const verify = (hashes: Int32Array): number => murmur3Reference(new Uint8Array(hashes.buffer), 0, 1024, 0) >>> 0;
    expect(verify(refHashes)).toBe(0xb0f57ee3);
    expect(verify(wasmHashes)).toBe(0xb0f57ee3);
  });
});

describe('murmur3Rows agrees with the reference', () => {
  it('on every length 0..100 at every start alignment, with several seeds', () => {
    const next = rng(1);
    const bytes = Uint8Array.from({ length: 128 }, () => Math.floor(next() * 256));
    for (const seed of [0, 1, -1, 0x9747b28c, 104729]) {
      for (let len = 0; len <= 100; len++) {
        for (let start = 0; start < 4; start++) {
          const row = Int32Array.of(start, start + len);
          expect(kernels.murmur3Rows(bytes, row, seed)).toEqual(murmur3RowsReference(bytes, row, seed));
        }
      }
      // All 101 lengths back to back in one batch, so rows start at every alignment.
      const sequence = new Int32Array(102);
      for (let len = 0; len <= 100; len++) sequence[len + 1] = sequence[len]! + len;
      const long = Uint8Array.from({ length: sequence[101]! }, () => Math.floor(next() * 256));
      expect(kernels.murmur3Rows(long, sequence, seed)).toEqual(murmur3RowsReference(long, sequence, seed));
    }
  });

  it('on random batches of rows with lengths 0..100', () => {
    const next = rng(2);
    for (let round = 0; round < 20; round++) {
      const { bytes, offsets } = randomRows(next, 1 + Math.floor(next() * 2000), 100, Math.floor(next() * 7));
      const seed = Math.floor(next() * 2 ** 32) | 0;
      const wasm = kernels.murmur3Rows(bytes, offsets, seed);
      expect(wasm).toEqual(murmur3RowsReference(bytes, offsets, seed));
      for (let i = 0; i < wasm.length; i += 97) {
        expect(wasm[i]).toBe(murmur3Reference(bytes, offsets[i]!, offsets[i + 1]!, seed));
      }
    }
  });

  it('hashes a subarray view relative to the view', () => {
    const whole = utf8('xxhelloyy');
    const view = whole.subarray(2, 7);
    expect(kernels.murmur3Rows(view, Int32Array.of(0, 5))).toEqual(Int32Array.of(0x248bfa47));
  });

  it('stays correct when a later batch grows memory past an earlier one', () => {
    const next = rng(3);
    const small = randomRows(next, 10, 20);
    const large = randomRows(next, 200_000, 40);
    const smallExpected = murmur3RowsReference(small.bytes, small.offsets);
    expect(kernels.murmur3Rows(small.bytes, small.offsets)).toEqual(smallExpected);
    expect(kernels.murmur3Rows(large.bytes, large.offsets)).toEqual(murmur3RowsReference(large.bytes, large.offsets));
    expect(kernels.murmur3Rows(small.bytes, small.offsets)).toEqual(smallExpected);
  });
});

describe('murmur3Rows input handling', () => {
  it('returns no hashes for zero rows', () => {
    expect(kernels.murmur3Rows(new Uint8Array(0), Int32Array.of(0))).toEqual(new Int32Array(0));
    expect(murmur3RowsReference(new Uint8Array(0), Int32Array.of(0))).toEqual(new Int32Array(0));
  });

  it('rejects offsets that are empty, decreasing or past the buffer', () => {
    const bytes = utf8('abcdef');
    for (const run of [kernels.murmur3Rows, murmur3RowsReference]) {
      expect(() => run(bytes, new Int32Array(0))).toThrow(RangeError);
      expect(() => run(bytes, Int32Array.of(-1, 2))).toThrow(/outside the 6-byte buffer/);
      expect(() => run(bytes, Int32Array.of(0, 3, 2))).toThrow(/Row \[1\] spans \[3, 2\)/);
      expect(() => run(bytes, Int32Array.of(0, 3, 7))).toThrow(/Row \[1\] spans \[3, 7\)/);
    }
  });
});
