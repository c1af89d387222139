import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressBlock, decompressBlock } from '../src/block-codec.ts';

describe('block codec', () => {
  const raw = new Uint8Array(4096).map((_, i) => (i * 7) % 13);

  it('writes compressible blocks as brotli and reads them back', () => {
    const stored = compressBlock(raw);
    expect(stored.codec).toBe('brotli');
    expect(stored.bytes.length).toBeLessThan(raw.length);
    expect(new Uint8Array(decompressBlock(stored.bytes, stored.codec, stored.rawLength))).toEqual(raw);
  });

  it('stores incompressible blocks as they are', () => {
    let x = 1;
    const noise = new Uint8Array(4096).map(() => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24);
    expect(compressBlock(noise).codec).toBe('stored');
  });

  it('still reads deflate blocks, which earlier writers made of binary blocks', () => {
    expect(new Uint8Array(decompressBlock(deflateRawSync(raw, { level: 1 }), 'deflate', raw.length))).toEqual(raw);
    expect(() => decompressBlock(deflateRawSync(raw), 'deflate', raw.length + 1)).toThrow(/Corrupt segment/);
  });
});
