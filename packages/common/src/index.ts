export * from './column-type.ts';
export * from './interval.ts';
export * from './granularity.ts';
export * from './faults.ts';
export * from './druid-error.ts';
export * from './ids.ts';
