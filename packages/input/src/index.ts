export * from './input-split.ts';
export * from './list-splits.ts';
export * from './record-chunk.ts';
export * from './parse-record-chunk.ts';
export * from './parse-error.ts';
export * from './input-source-spec.ts';
export * from './input-format-spec.ts';
export { wildcardMatcher } from './wildcard.ts';
