export * from './silt.ts';
export type { SqlRequest, SubmitResult } from '@silt/overlord';
export { DruidError } from '@silt/common';
