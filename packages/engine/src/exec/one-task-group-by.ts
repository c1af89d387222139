import type { QueryDefinition, StageDefinition } from '../query-definition.ts';
import type { InputSlice } from './input-slices.ts';

/**
 * A GROUP BY that one pool task can finish, as the one stage to run instead of three.
 *
 * The query kit plans a GROUP BY over a table as a scan with a partial aggregation and a hash
 * shuffle, a merge of each partition, and a one-worker results stage (ORDER BY / LIMIT / OFFSET).
 * When the scan is a single pool task — one worker reading one segment — and the shuffle has one
 * partition, that task already sees every row, so it can finish the aggregation and return the
 * result rows itself: no shuffle file, no second and third stage, two pool round trips fewer. The
 * rows are the same: the merge of one partial per group is the final aggregation, computed by the
 * same GroupByTable, and the results stage's sort of that one partition is the same stable sort.
 *
 * Only interactive queries (`POST /druid/v2/sql`) take this path: what a user sees of them is their
 * rows. An MSQ task's report shows its stages, whose layout mirrors Druid's.
 *
 * Returns null unless the plan is exactly [scan of a table with a one-partition partial
 * aggregation] → [merge] → [results], and `slices` (the scan's) are one worker's one segment.
 */
export function oneTaskGroupBy(definition: QueryDefinition, slices: readonly InputSlice[]): StageDefinition | null {
  if (definition.stages.length !== 3) return null;
  const [scan, merge, results] = definition.stages as [StageDefinition, StageDefinition, StageDefinition];
  const sp = scan.processor;
  const mp = merge.processor;
  const rp = results.processor;
  if (sp.type !== 'scan' || !sp.partialAggregate || mp.type !== 'groupByPostShuffle' || rp.type !== 'results') return null;
  if (scan.input.length !== 1 || scan.input[0]!.type !== 'table' || scan.shuffleSpec?.type !== 'hash' || scan.shuffleSpec.partitions !== 1) return null;
  if (!readsOnly(merge, scan.stageNumber) || !readsOnly(results, merge.stageNumber) || results.shuffleSpec !== null) return null;
  const slice = slices.length === 1 ? slices[0]! : null;
  if (slice?.type !== 'table' || slice.segments.length !== 1 || !slice.segments[0]!.path) return null;
  return {
    ...scan,
    processor: { ...sp, completeAggregate: { groupBy: mp.groupBy, mergeOps: mp.ops, results: { sort: rp.sort, limit: rp.limit, offset: rp.offset, ops: rp.ops } } },
    signature: results.signature,
    shuffleSpec: null,
    maxWorkerCount: 1,
  };
}

function readsOnly(stage: StageDefinition, upstream: number): boolean {
  const input = stage.input.length === 1 ? stage.input[0]! : null;
  return input?.type === 'stage' && input.stage === upstream;
}
