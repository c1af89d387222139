export * from './overlord.ts';
export * from './schema-cache.ts';
export * from './system-tables.ts';
export * from './task-views.ts';
