export type { DeepStorage, SegmentPathParts } from './deep-storage.ts';
export { localDeepStorage, SEGMENT_FILE_NAME } from './local-deep-storage.ts';
