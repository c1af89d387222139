export * from './data-segment.ts';
export * from './segment-id.ts';
export * from './segment-payload.ts';
export * from './segment-format.ts';
export * from './segment-writer.ts';
export { type SegmentPart, assembleSegmentFileSync, writeSegmentPartSync } from './segment-parts.ts';
export * from './segment-file.ts';
export * from './timeline.ts';
