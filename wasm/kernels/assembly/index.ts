/**
 * The Silt WebAssembly kernels: batch MurmurHash3 over rows, a radix sort permutation, and an NDJSON
 * scanner. Every export works on raw addresses in the scratch region sized by `reserve`; each
 * kernel's module documents its memory layout.
 */
export { reserve } from './scratch';
export { murmur3Rows, murmur3Buckets } from './murmur3';
export { radixSortPermutation, HIST_BYTES } from './radix-sort';
export { jsonCountLines, jsonScanLines, jsonWorkBytes, JSON_HEADER_BYTES, JSON_SLACK_BYTES, JSON_ENTRY_BYTES } from './json-lines';
