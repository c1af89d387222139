/**
 * `@silt/kernels`: AssemblyScript-compiled WebAssembly kernels for Silt's hot loops (MurmurHash3
 * over rows for hash partitioning, radix sort of packed keys), each with the plain TypeScript
 * reference it is tested against.
 */
export { loadKernels, loadKernelsSync } from './load-kernels.ts';
export type { Kernels } from './kernels.ts';
export { KernelMemoryError } from './kernel-memory-error.ts';
export { bucketsOf } from './buckets.ts';
export { murmur3Reference, murmur3RowsReference } from './murmur3-reference.ts';
export { sortPermutationReference } from './sort-reference.ts';
