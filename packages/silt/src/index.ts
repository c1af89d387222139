export * from './silt.ts';
export type { SqlRequest } from '@silt/overlord';
export { DruidError } from '@silt/common';
