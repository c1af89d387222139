import { describe, expect, it } from 'vitest';
import { countNewlinesReference, loadKernelsSync } from '../src/index.ts';
import { rng } from './random.ts';

const kernels = loadKernelsSync();

describe('countNewlines', () => {
  it('counts newline bytes like the reference, whatever the alignment and length', () => {
    const random = rng(7);
    for (let round = 0; round < 200; round++) {
      const bytes = new Uint8Array(Math.floor(random() * 300));
      // Newlines from none to every byte, among other bytes that share bits with 0x0a.
      const density = random();
      for (let i = 0; i < bytes.length; i++) bytes[i] = random() < density ? 0x0a : [0x0b, 0x8a, 0x00, 0x0a ^ 0xff, 0x41][i % 5]!;
      const offset = Math.floor(random() * 17);
      const view = bytes.subarray(Math.min(offset, bytes.length));
      expect(kernels.countNewlines(view)).toBe(countNewlinesReference(view));
    }
  });

  it('counts an input larger than one scratch piece', () => {
    const bytes = new Uint8Array((4 << 20) * 2 + 123).fill(0x61);
    for (let i = 5; i < bytes.length; i += 4099) bytes[i] = 0x0a;
    bytes[bytes.length - 1] = 0x0a;
    expect(kernels.countNewlines(bytes)).toBe(countNewlinesReference(bytes));
    expect(kernels.countNewlines(new Uint8Array(0))).toBe(0);
  });
});
