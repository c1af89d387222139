export * from './column.ts';
export * from './column-builder.ts';
export * from './distinct-dictionary.ts';
export * from './frame.ts';
export * from './frame-codec.ts';
export * from './frame-file.ts';
export * from './frame-sort.ts';
export * from './frame-file-columns.ts';
