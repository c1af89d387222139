/**
 * `@silt/kernels`: AssemblyScript-compiled WebAssembly kernels for Silt's hot loops (MurmurHash3
 * over rows for hash partitioning, radix sort of packed keys, an NDJSON scanner), each with the
 * plain TypeScript reference it is tested against.
 */
export { loadKernels, loadKernelsSync } from './load-kernels.ts';
export type { Kernels } from './kernels.ts';
export { KernelMemoryError } from './kernel-memory-error.ts';
export { bucketsOf } from './buckets.ts';
export { murmur3Reference, murmur3RowsReference } from './murmur3-reference.ts';
export { sortPermutationReference } from './sort-reference.ts';
export { isByteMatchableKey, JsonKind, type JsonLinesScan, type Utf8Strings } from './json-lines-scan.ts';
export { MAX_JSON_SLOTS } from './json-lines.ts';
export { scanJsonLinesReference } from './json-lines-reference.ts';
export { countNewlinesReference } from './count-newlines-reference.ts';
