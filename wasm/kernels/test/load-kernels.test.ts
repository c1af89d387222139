import { describe, expect, it } from 'vitest';
import { KernelMemoryError, loadKernels, loadKernelsSync } from '../src/index.ts';

describe('loadKernels', () => {
  it('returns one instance per thread, sync or async', async () => {
    const [a, b] = await Promise.all([loadKernels(), loadKernels()]);
    expect(a).toBe(b);
    expect(loadKernelsSync()).toBe(a);
  });

  it('grows memory on reserve and never shrinks it', () => {
    const kernels = loadKernelsSync();
    const before = kernels.memoryBytes;
    kernels.reserve(before + (8 << 20));
    const after = kernels.memoryBytes;
    expect(after).toBeGreaterThanOrEqual(before + (8 << 20));
    kernels.reserve(1024);
    expect(kernels.memoryBytes).toBe(after);
    expect(kernels.sortScratchBytes(10)).toBeGreaterThan(240);
    expect(kernels.hashScratchBytes(10, 2)).toBe(16 + 12 + 8);
  });

  it('reports a batch that cannot fit in 32-bit memory as NotEnoughMemory, and keeps working', () => {
    const kernels = loadKernelsSync();
    const required = 5 * 2 ** 30;
    let error: unknown;
    try {
      kernels.reserve(required);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KernelMemoryError);
    expect((error as KernelMemoryError).fault).toEqual({
      errorCode: 'NotEnoughMemory',
      errorMessage: `Not enough memory. Required at least ${required} bytes.`,
      serverMemory: required,
    });
    expect(kernels.radixSortPermutation(BigUint64Array.of(2n, 1n))).toEqual(Uint32Array.of(1, 0));
  });
});
