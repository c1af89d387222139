import { type Frame, columnIndex } from '@silt/frame';
import type { FrameOp, GroupBySpec, QueryDefinition, StageDefinition } from '../query-definition.ts';
import type { InputSlice } from './input-slices.ts';
import type { RowRange } from './segment-scan.ts';

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
    processor: {
      ...sp,
      completeAggregate: { groupBy: mp.groupBy, mergeOps: mp.ops, results: { sort: rp.sort, limit: rp.limit, offset: rp.offset, ops: rp.ops }, partialSignature: scan.signature },
    },
    signature: results.signature,
    shuffleSpec: null,
    maxWorkerCount: 1,
  };
}

function readsOnly(stage: StageDefinition, upstream: number): boolean {
  const input = stage.input.length === 1 ? stage.input[0]! : null;
  return input?.type === 'stage' && input.stage === upstream;
}

/**
 * Below this many rows a segment is read by one task: a part task and the task that combines the
 * parts cost a pool round trip each (about 0.1–1 ms), as much as aggregating about 250k rows.
 */
const MIN_ROWS_TO_SPLIT = 1 << 19;

/**
 * At most this many groups (the product of the key columns' dictionary sizes, nulls included) are
 * combined from parts. Each part's groups are encoded, handed over, decoded and looked up again by
 * key: for the 100k-entry `page` column that cost 110 ms more than one task reading every row.
 */
const MAX_GROUPS_TO_COMBINE = 1 << 10;

/**
 * How the one task of a GROUP BY over a segment of `numRows` rows can be split into row ranges, one
 * per pool thread, or null to keep it whole. Only a GROUP BY whose keys are columns of the segment
 * (the scan's ops only filter) and whose aggregates' partials over row ranges combine into exactly
 * what one pass over every row gives is split: COUNT, and SUM, MIN and MAX computed as LONG
 * (integer sums are exact in any order while they stay within 2^53, as every LONG sum here, whose
 * accumulator is a double; a DOUBLE sum added in two halves is not the sum in row order). Groups still come out in the order rows first show them: the combining task takes the
 * parts in row order. Whether the keys' dictionaries are small enough is up to the part tasks
 * ({@link partsCombineCheaply}), which read them.
 */
export function rowParts(numRows: number, ops: readonly FrameOp[], partialAggregate: GroupBySpec | null, threads: number): RowRange[] | null {
  if (threads < 2 || numRows < MIN_ROWS_TO_SPLIT || !partialAggregate || !ops.every((op) => op.type === 'filter')) return null;
  if (!partialAggregate.keys.every(({ expr }) => expr.kind === 'column') || !partialAggregate.aggregates.every(({ call }) => combinesExactly(call))) return null;
  const size = Math.ceil(numRows / threads);
  return Array.from({ length: threads }, (_, i) => ({ start: Math.min(numRows, i * size), end: Math.min(numRows, (i + 1) * size) }));
}

function combinesExactly(call: GroupBySpec['aggregates'][number]['call']): boolean {
  if (call.distinct) return false;
  return call.fn === 'COUNT' || ((call.fn === 'SUM' || call.fn === 'MIN' || call.fn === 'MAX') && call.type === 'LONG');
}

/**
 * Whether the groups of `spec` over a segment's `columns` (every row) are few enough to combine from
 * parts: every key is a STRING column whose dictionary sizes multiply to at most
 * {@link MAX_GROUPS_TO_COMBINE}. A GROUP BY without keys has one group.
 */
export function partsCombineCheaply(spec: GroupBySpec, columns: Frame): boolean {
  let groups = 1;
  for (const { expr } of spec.keys) {
    const column = expr.kind === 'column' ? columns.columns[columnIndex(columns, expr.name)] : undefined;
    if (column?.kind !== 'string') return false;
    groups *= column.dictionary.length + 1;
  }
  return groups <= MAX_GROUPS_TO_COMBINE;
}
