/**
 * The Silt WebAssembly kernels: batch MurmurHash3 over rows and a radix sort permutation. Every
 * export works on raw addresses in the scratch region sized by `reserve`; each kernel's module
 * documents its memory layout.
 */
export { reserve } from './scratch';
export { murmur3Rows, murmur3Buckets } from './murmur3';
export { radixSortPermutation, HIST_BYTES } from './radix-sort';
