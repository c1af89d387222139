export * from './logical-plan.ts';
export { planSql, type SqlRequest } from './plan-sql.ts';
export { resolveQueryContext, type ResolvedContext, type MsqMode, type TaskAssignment } from './query-context.ts';
export type { SqlParameter } from './parameters.ts';
