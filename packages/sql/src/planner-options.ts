import type { ResolvedContext } from './query-context.ts';

/** The query-context settings that change how SQL is planned (not just how it runs). */
export interface PlannerOptions {
  /** False: sketch aggregates in the top-level output keep their intermediate (COMPLEX) type. */
  readonly finalizeAggregations: boolean;
  /** True: COUNT(DISTINCT x) plans as APPROX_COUNT_DISTINCT (Druid's default). */
  readonly useApproximateCountDistinct: boolean;
  /** True: GROUP BY on a multi-value string groups by each value (Druid's default). */
  readonly groupByEnableMultiValueUnnesting: boolean;
}

/** The planner options of a resolved context. */
export function plannerOptions(context: ResolvedContext): PlannerOptions {
  return Object.freeze({
    finalizeAggregations: context.finalizeAggregations,
    useApproximateCountDistinct: context.useApproximateCountDistinct,
    groupByEnableMultiValueUnnesting: context.groupByEnableMultiValueUnnesting,
  });
}
