import { type Expr, type Period, parsePeriod, standardMillis } from '@silt/expr';
import { type Frame, columnIndex } from '@silt/frame';
import type { FrameOp, GroupBySpec, QueryDefinition, StageDefinition } from '../query-definition.ts';
import type { InputSlice } from './input-slices.ts';
import type { RowRange, ValueRange } from './segment-scan.ts';

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
 * Below this many rows a segment is read by one task: a second part task costs a pool round trip
 * (about 0.1–1 ms), as much as aggregating about 250k rows.
 */
const MIN_ROWS_TO_SPLIT = 1 << 19;

/**
 * At most this many groups (the product of the keys' value counts, nulls included) are
 * combined from parts. Each part's groups are encoded, handed over, decoded and looked up again by
 * key: for the 100k-entry `page` column that cost 110 ms more than one task reading every row.
 */
const MAX_GROUPS_TO_COMBINE = 1 << 10;

/**
 * How the one task of a GROUP BY over a segment of `numRows` rows can be split into row ranges, one
 * per pool thread, or null to keep it whole. Only a GROUP BY whose keys are columns of the segment
 * or fixed-length time buckets of one ({@link timeBucketKey}; the scan's ops only filter) and whose
 * aggregates' partials over row ranges combine into exactly what one pass over every row gives is
 * split: COUNT, and SUM, MIN and MAX computed as LONG (integer sums are exact in any order while
 * they stay within 2^53, as every LONG sum here, whose accumulator is a double; a DOUBLE sum added
 * in two halves is not the sum in row order). Groups still come out in the order rows first show
 * them: the parts are combined in row order. Whether the keys make few enough groups is up to the
 * part tasks ({@link partsCombineCheaply}), which read the segment.
 */
export function rowParts(numRows: number, ops: readonly FrameOp[], partialAggregate: GroupBySpec | null, threads: number): RowRange[] | null {
  if (threads < 2 || numRows < MIN_ROWS_TO_SPLIT || !partialAggregate || !ops.every((op) => op.type === 'filter')) return null;
  if (!partialAggregate.keys.every(({ expr }) => expr.kind === 'column' || timeBucketKey(expr)) || !partialAggregate.aggregates.every(({ call }) => combinesExactly(call))) return null;
  const size = Math.ceil(numRows / threads);
  return Array.from({ length: threads }, (_, i) => ({ start: Math.min(numRows, i * size), end: Math.min(numRows, (i + 1) * size) }));
}

/**
 * The column and bucket length (ms) of a key `TIME_FLOOR(column, 'period')` whose period has a
 * fixed length (no months or years; UTC, as the two-argument form floors), else null: such a key
 * makes at most one group per bucket between the column's least and greatest values.
 */
export function timeBucketKey(expr: Expr): { column: string; size: number } | null {
  if (expr.kind !== 'call' || expr.fn !== 'TIME_FLOOR' || expr.args.length !== 2) return null;
  const [column, period] = expr.args as [Expr, Expr];
  if (column.kind !== 'column' || period.kind !== 'literal' || typeof period.value !== 'string') return null;
  let p: Period;
  try {
    p = parsePeriod(period.value);
  } catch {
    return null;
  }
  const size = standardMillis(p);
  return p.years === 0 && p.months === 0 && size > 0 ? { column: column.name, size } : null;
}

function combinesExactly(call: GroupBySpec['aggregates'][number]['call']): boolean {
  if (call.distinct) return false;
  return call.fn === 'COUNT' || ((call.fn === 'SUM' || call.fn === 'MIN' || call.fn === 'MAX') && call.type === 'LONG');
}

/**
 * Whether the groups of `spec` over a segment are few enough to combine from parts: the product of
 * what each key can take is at most {@link MAX_GROUPS_TO_COMBINE}, null included. A STRING column
 * key takes its dictionary's values (`columns` holds every row of the key columns); a
 * {@link timeBucketKey} key the buckets between its column's least and greatest values (`ranges`,
 * from the segment header). A GROUP BY without keys has one group.
 */
export function partsCombineCheaply(spec: GroupBySpec, columns: Frame, ranges: ReadonlyMap<string, ValueRange>): boolean {
  let groups = 1;
  for (const { expr } of spec.keys) {
    const buckets = timeBucketKey(expr);
    if (buckets) {
      const range = ranges.get(buckets.column);
      if (!range) return false;
      // From the least value's bucket to the greatest's, and null; NaN: no values, only null.
      groups *= range.min <= range.max ? Math.floor((range.max - range.min) / buckets.size) + 3 : 1;
      continue;
    }
    const column = expr.kind === 'column' ? columns.columns[columnIndex(columns, expr.name)] : undefined;
    if (column?.kind !== 'string') return false;
    groups *= column.dictionary.length + 1;
  }
  return groups <= MAX_GROUPS_TO_COMBINE;
}
