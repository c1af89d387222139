import { ETERNITY, FaultError, fault, newId, type RowSignature } from '@silt/common';
import { aggregatorFactory } from '@silt/expr';
import { type AggregateNode, type LogicalPlan, type PlannedStatement, isIngest } from '@silt/sql';
import type { FrameOp, GroupBySpec, InputSpec, QueryDefinition, ShuffleSpec, StageDefinition } from './query-definition.ts';

/** Settings the query kit needs from the resolved query context. */
export interface QueryKitSettings {
  /** Workers a stage may use (maxNumTasks - 1). */
  readonly maxWorkers: number;
  readonly rowsPerSegment: number;
}

/** A plan flattened into the one pipeline shape the first slice runs. */
interface Pipeline {
  readonly source: InputSpec;
  /** Projection applied after ORDER BY / LIMIT (when sorting on columns the output drops). */
  readonly finalOps: FrameOp[];
  /** Signature of rows before `finalOps`: what the scan / group-by stages produce. */
  readonly innerSignature: RowSignature;
  readonly preOps: FrameOp[];
  readonly aggregate: AggregateNode | null;
  readonly postOps: FrameOp[];
  readonly sort: readonly { readonly column: string; readonly descending: boolean }[];
  readonly limit: number | null;
  readonly offset: number;
  readonly signature: RowSignature;
}

/**
 * Turns a planned statement into a QueryDefinition (Druid's QueryKit step): a scan stage, a
 * group-by merge stage when the query aggregates, and a final stage that either writes segments
 * (INSERT / REPLACE) or collects results (SELECT).
 */
export function buildQueryDefinition(statement: PlannedStatement, settings: QueryKitSettings): QueryDefinition {
  const queryId = newId();
  const pipeline = flatten(statement.plan);
  const stages: StageDefinition[] = [];
  const stage = (s: Omit<StageDefinition, 'id' | 'stageNumber'>): number => {
    const stageNumber = stages.length;
    stages.push(Object.freeze({ id: `${queryId}_${stageNumber}`, stageNumber, ...s }));
    return stageNumber;
  };
  if (statement.kind === 'export') throw new FaultError(fault('QueryNotSupported', { message: 'Exporting query results is not supported yet' }));
  const ingest = isIngest(statement) ? statement : null;
  if (ingest && (pipeline.limit !== null || pipeline.offset > 0 || pipeline.sort.length > 0 || pipeline.finalOps.length > 0)) {
    throw new FaultError(fault('QueryNotSupported', { message: 'LIMIT, OFFSET and ORDER BY are not supported in INSERT or REPLACE yet' }));
  }
  const finalShuffle: ShuffleSpec = ingest
    ? {
        type: 'targetSize',
        segmentGranularity: ingest.segmentGranularity,
        clusterBy: ingest.clusteredBy,
        targetSize: settings.rowsPerSegment,
        replaceIntervals: ingest.replaceTimeChunks === 'all' ? null : ingest.replaceTimeChunks,
      }
    : { type: 'mix' };

  const groupBy: GroupBySpec | null = pipeline.aggregate
    ? { keys: pipeline.aggregate.groupBy, aggregates: pipeline.aggregate.aggregates, signature: pipeline.aggregate.signature }
    : null;
  const scanSignature = groupBy ? partialSignature(pipeline) : pipeline.innerSignature;
  let last = stage({
    input: [pipeline.source],
    processor: { type: 'scan', ops: groupBy ? pipeline.preOps : [...pipeline.preOps, ...pipeline.postOps], partialAggregate: groupBy },
    signature: scanSignature,
    // Without group keys every partial row must meet in one partition (one output row).
    shuffleSpec: groupBy ? { type: 'hash', columns: groupBy.keys.map((k) => k.name), partitions: groupBy.keys.length ? settings.maxWorkers : 1 } : finalShuffle,
    maxWorkerCount: settings.maxWorkers,
  });
  if (groupBy) {
    last = stage({
      input: [{ type: 'stage', stage: last }],
      processor: { type: 'groupByPostShuffle', groupBy, ops: pipeline.postOps },
      signature: pipeline.innerSignature,
      shuffleSpec: finalShuffle,
      maxWorkerCount: settings.maxWorkers,
    });
  }
  if (ingest) {
    const metrics = groupBy ? metricColumns(groupBy, pipeline.postOps) : [];
    stage({
      input: [{ type: 'stage', stage: last }],
      processor: {
        type: 'segmentGenerator',
        dataSource: ingest.dataSource,
        dimensions: pipeline.signature.map((c) => c.name).filter((n) => n !== '__time' && !metrics.includes(n)),
        metrics,
        rollup: groupBy !== null,
        segmentSortOrder: ['__time', ...ingest.clusteredBy],
      },
      signature: [],
      shuffleSpec: null,
      maxWorkerCount: settings.maxWorkers,
    });
  } else {
    stage({
      input: [{ type: 'stage', stage: last }],
      processor: { type: 'results', sort: pipeline.sort, limit: pipeline.limit, offset: pipeline.offset, ops: pipeline.finalOps },
      signature: pipeline.signature,
      shuffleSpec: null,
      maxWorkerCount: 1,
    });
  }
  return Object.freeze({ queryId, stages });
}

/**
 * Output columns that hold an aggregate (the segment's metrics): aggregate outputs, followed through
 * the projections after the GROUP BY when they pass a column through under a new name.
 */
function metricColumns(groupBy: GroupBySpec, postOps: readonly FrameOp[]): string[] {
  let names = groupBy.aggregates.map((a) => a.name);
  for (const op of postOps) {
    if (op.type !== 'project') continue;
    names = op.columns.filter((c) => c.expr.kind === 'column' && names.includes(c.expr.name)).map((c) => c.name);
  }
  return names;
}

/** Signature of partial aggregates: the keys, then each aggregate's intermediate columns. */
function partialSignature(p: Pipeline): RowSignature {
  const agg = p.aggregate!;
  const keys = agg.signature.slice(0, agg.groupBy.length);
  const partials = agg.aggregates.flatMap((a) =>
    aggregatorFactory(a.call).intermediateTypes.map((type, i) => ({ name: intermediateColumnName(a.name, i), type })),
  );
  return [...keys, ...partials];
}

/** Name of an aggregate's i-th intermediate column in partial-aggregate frames. */
export function intermediateColumnName(aggregate: string, i: number): string {
  return `${aggregate}$partial${i}`;
}

function flatten(plan: LogicalPlan): Pipeline {
  let node = plan;
  const finalOps: FrameOp[] = [];
  while (node.kind === 'project' && (node.input.kind === 'sort' || node.input.kind === 'limit')) {
    finalOps.unshift({ type: 'project', columns: node.columns, signature: node.signature });
    node = node.input;
  }
  let limit: number | null = null;
  let offset = 0;
  let sort: Pipeline['sort'] = [];
  if (node.kind === 'limit') {
    limit = node.limit;
    offset = node.offset;
    node = node.input;
  }
  if (node.kind === 'sort') {
    sort = node.keys;
    node = node.input;
  }
  if (node.kind === 'limit' && limit === null) {
    limit = node.limit;
    offset = node.offset;
    node = node.input;
  }
  const innerSignature = node.signature;
  const postOps: FrameOp[] = [];
  let aggregate: AggregateNode | null = null;
  const preOps: FrameOp[] = [];
  for (;;) {
    const ops = aggregate ? preOps : postOps;
    if (node.kind === 'filter') {
      ops.unshift({ type: 'filter', condition: node.condition });
      node = node.input;
    } else if (node.kind === 'project') {
      ops.unshift({ type: 'project', columns: node.columns, signature: node.signature });
      node = node.input;
    } else if (node.kind === 'aggregate' && !aggregate) {
      aggregate = node;
      node = node.input;
    } else {
      break;
    }
  }
  const source = sourceOf(node);
  if (!aggregate) preOps.push(...postOps.splice(0));
  return { source, finalOps, innerSignature, preOps, aggregate, postOps, sort, limit, offset, signature: plan.signature };
}

function sourceOf(node: LogicalPlan): InputSpec {
  switch (node.kind) {
    case 'externalScan':
      return { type: 'external', inputSource: node.inputSource, inputFormat: node.inputFormat, signature: node.signature };
    case 'tableScan':
      return { type: 'table', dataSource: node.dataSource, intervals: node.intervals.length ? node.intervals : [ETERNITY], signature: node.signature };
    case 'systemScan':
      return { type: 'system', table: node.table, signature: node.signature };
    default:
      throw new FaultError(fault('QueryNotSupported', { message: `Query shape not supported yet (nested ${node.kind} below the top-level pipeline)` }));
  }
}
