export * from './logical-plan.ts';
export { planSql, type SqlRequest } from './plan-sql.ts';
export type { SqlEngine } from './sql-engine.ts';
export {
  resolveQueryContext,
  resolveTaskLockType,
  type ResolvedContext,
  type MsqMode,
  type TaskAssignment,
  type ArrayIngestMode,
  type JoinAlgorithm,
  type SelectDestination,
  type SegmentSource,
  type TaskLockType,
  type ClusterStatisticsMergeMode,
} from './query-context.ts';
export { SKETCH_TYPE, intermediateType } from './aggregate-functions.ts';
export type { SqlParameter } from './parameters.ts';
