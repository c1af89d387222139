/**
 * MurmurHash3, x86 128-bit variant (Austin Appleby's public-domain algorithm), on 32-bit integer
 * arithmetic. Sketches use it to turn values into uniformly distributed bits: the four output words
 * are independent enough that HyperLogLog takes its register index and rank from words 0–1 and theta
 * sketches take a 53-bit hash from the same words.
 */

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r));

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Hashes `bytes[0..length)` with `seed` and writes the four 32-bit output words (unsigned) to
 * `out[0..3]`.
 *
 * @example const out = new Uint32Array(4); murmur3x86128(new TextEncoder().encode('a'), 1, 0, out);
 */
export function murmur3x86128(bytes: Uint8Array, length: number, seed: number, out: Uint32Array): void {
  let h1 = seed | 0;
  let h2 = seed | 0;
  let h3 = seed | 0;
  let h4 = seed | 0;
  const blocks = length & ~15;
  for (let i = 0; i < blocks; i += 16) {
    let k1 = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    let k2 = bytes[i + 4]! | (bytes[i + 5]! << 8) | (bytes[i + 6]! << 16) | (bytes[i + 7]! << 24);
    let k3 = bytes[i + 8]! | (bytes[i + 9]! << 8) | (bytes[i + 10]! << 16) | (bytes[i + 11]! << 24);
    let k4 = bytes[i + 12]! | (bytes[i + 13]! << 8) | (bytes[i + 14]! << 16) | (bytes[i + 15]! << 24);
    k1 = Math.imul(rotl(Math.imul(k1, C1), 15), C2);
    h1 ^= k1;
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0;
    k2 = Math.imul(rotl(Math.imul(k2, C2), 16), C3);
    h2 ^= k2;
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0;
    k3 = Math.imul(rotl(Math.imul(k3, C3), 17), C4);
    h3 ^= k3;
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0;
    k4 = Math.imul(rotl(Math.imul(k4, C4), 18), C1);
    h4 ^= k4;
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
  }
  const tail = length & 15;
  if (tail > 0) {
    const word = (at: number, count: number): number => {
      let k = 0;
      for (let j = Math.min(count, 4) - 1; j >= 0; j--) k = (k << 8) | bytes[blocks + at + j]!;
      return k;
    };
    if (tail > 12) h4 ^= Math.imul(rotl(Math.imul(word(12, tail - 12), C4), 18), C1);
    if (tail > 8) h3 ^= Math.imul(rotl(Math.imul(word(8, tail - 8), C3), 17), C4);
    if (tail > 4) h2 ^= Math.imul(rotl(Math.imul(word(4, tail - 4), C2), 16), C3);
    h1 ^= Math.imul(rotl(Math.imul(word(0, tail), C1), 15), C2);
  }
  h1 ^= length;
  h2 ^= length;
  h3 ^= length;
  h4 ^= length;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  out[0] = h1;
  out[1] = h2;
  out[2] = h3;
  out[3] = h4;
}
