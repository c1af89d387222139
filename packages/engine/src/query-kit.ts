import { FaultError, type RowSignature, fault, newId } from '@silt/common';
import { aggregatorFactory } from '@silt/expr';
import { type AggregateNode, type JoinNode, type LogicalPlan, type UnionNode, type PlannedIngest, type PlannedStatement, isIngest } from '@silt/sql';
import { checkOutputColumns, checkStageLimits, checkWorkers, ingestScanKeyColumns } from './limits.ts';
import type { FrameOp, GroupBySpec, InputSpec, JoinSpec, ProcessorSpec, QueryDefinition, ShuffleSpec, SortColumn, StageDefinition, TopRows } from './query-definition.ts';

/** Settings the query kit needs from the resolved query context. */
export interface QueryKitSettings {
  /** Workers a stage may use (maxNumTasks - 1). */
  readonly maxWorkers: number;
  readonly rowsPerSegment: number;
  /** Druid's sqlJoinAlgorithm. */
  readonly joinAlgorithm?: 'broadcast' | 'sortMerge';
}

/** Rows not yet cut by a stage boundary: a source with row ops still to apply. */
interface ScanChain {
  readonly kind: 'scan';
  readonly input: InputSpec;
  readonly broadcast: readonly InputSpec[];
  readonly ops: readonly FrameOp[];
  readonly signature: RowSignature;
}

/** The output of a stage whose shuffle its consumer has not chosen yet (ops can still be added). */
interface StageChain {
  readonly kind: 'stage';
  readonly stage: number;
  readonly signature: RowSignature;
}

type Chain = ScanChain | StageChain;

type MutableStage = { -readonly [K in keyof StageDefinition]: StageDefinition[K] };

/**
 * Turns a planned statement into a QueryDefinition (Druid's QueryKit): a DAG of stages. Row
 * operations are fused into the stage that reads their rows; GROUP BY becomes a partial
 * aggregation before a hash shuffle and a merge after it; joins broadcast their right side (or
 * hash-shuffle both sides for `sqlJoinAlgorithm: sortMerge`, and for RIGHT / FULL joins); ORDER BY /
 * LIMIT collect into one partition. The last stage writes segments (INSERT / REPLACE), files
 * (export) or results (SELECT).
 */
export function buildQueryDefinition(statement: PlannedStatement, settings: QueryKitSettings): QueryDefinition {
  return new QueryKit(settings).build(statement);
}

class QueryKit {
  private readonly queryId = newId();
  private readonly stages: MutableStage[] = [];
  /** Native batch: the input timestamp column whose unparseable values drop rows (see PlannedIngest). */
  private unparseableTimeColumn: string | undefined;

  constructor(private readonly settings: QueryKitSettings) {}

  build(statement: PlannedStatement): QueryDefinition {
    checkWorkers(this.settings.maxWorkers);
    if (isIngest(statement)) checkOutputColumns(statement.plan.signature);
    this.unparseableTimeColumn = isIngest(statement) ? statement.unparseableTimeColumn : undefined;
    const top = this.chain(statement.plan);
    if (isIngest(statement)) {
      const rows = this.materialize(top, segmentShuffle(statement, this.settings.rowsPerSegment));
      // Druid writes metrics (rollup) only for a GROUP BY with finalizeAggregations false; otherwise
      // every column is a dimension.
      const groupBy = statement.rollup ? this.groupByOf(rows) : null;
      const metrics = groupBy ? metricColumns(groupBy, this.opsOf(rows)) : [];
      // Hidden CLUSTERED BY columns order the rows into segments but are not written.
      const written = new Set(statement.outputColumns.map((c) => c.name));
      this.addStage({
        input: [{ type: 'stage', stage: rows }],
        processor: {
          type: 'segmentGenerator',
          dataSource: statement.dataSource,
          dimensions: top.signature.map((c) => c.name).filter((n) => n !== '__time' && !metrics.includes(n) && written.has(n)),
          metrics,
          rollup: statement.rollup,
          segmentSortOrder: statement.segmentSortOrder ?? ['__time', ...statement.clusteredBy.filter((c) => written.has(c))],
        },
        signature: [],
        shuffleSpec: null,
      });
    } else if (statement.kind === 'export') {
      const rows = this.materialize(top, { type: 'mix' });
      this.addStage({
        input: [{ type: 'stage', stage: rows }],
        processor: { type: 'export', exportPath: statement.destination.exportPath, format: statement.format, sqlTypeNames: statement.sqlTypeNames },
        signature: [],
        shuffleSpec: null,
        maxWorkerCount: 1,
      });
    } else {
      const last = top.kind === 'stage' ? this.stages[top.stage]! : null;
      // A stage's shuffle is still unset (undefined) here unless it feeds another stage.
      if (last?.processor.type === 'results' && !last.shuffleSpec && last === this.stages.at(-1)) {
        // ORDER BY / LIMIT at the top already collects the results.
      } else {
        const rows = this.materialize(top, { type: 'mix' });
        const sort = this.groupOrder(rows);
        this.addStage({ input: [{ type: 'stage', stage: rows }], processor: { type: 'results', sort, limit: null, offset: 0, ops: [] }, signature: top.signature, shuffleSpec: null, maxWorkerCount: 1 });
      }
    }
    for (const s of this.stages) {
      if (s.shuffleSpec === undefined) s.shuffleSpec = null;
      const sorted = s.shuffleSpec?.type === 'targetSize' ? s.shuffleSpec : null;
      const ingestScan = sorted && s.processor.type === 'scan' && !s.processor.partialAggregate;
      checkStageLimits(s.stageNumber, s.signature, sorted?.clusterBy ?? [], ingestScan ? ingestScanKeyColumns(sorted.segmentGranularity) : 0);
    }
    return Object.freeze({ queryId: this.queryId, stages: this.stages.map((s) => Object.freeze({ ...s })) });
  }

  /** Plans a subtree as a chain of rows. */
  private chain(node: LogicalPlan): Chain {
    switch (node.kind) {
      case 'externalScan':
        return scan({ type: 'external', inputSource: node.inputSource, inputFormat: node.inputFormat, signature: node.signature }, node.signature);
      case 'tableScan':
        return scan({ type: 'table', dataSource: node.dataSource, intervals: node.intervals, signature: node.signature }, node.signature);
      case 'systemScan':
        return scan({ type: 'system', table: node.table, signature: node.signature }, node.signature);
      case 'filter':
        return this.addOp(this.chain(node.input), { type: 'filter', condition: node.condition }, node.signature);
      case 'project':
        return this.addOp(this.chain(node.input), { type: 'project', columns: node.columns, signature: node.signature }, node.signature);
      case 'unnest':
        return this.addOp(this.chain(node.input), { type: 'unnest', expr: node.expr, name: node.name, signature: node.signature }, node.signature);
      case 'aggregate':
        return this.aggregate(node);
      case 'union':
        return this.union(node);
      case 'join':
        return this.join(node);
      case 'sort':
      case 'limit': {
        const sort = node.kind === 'sort' ? node.keys : [];
        const inner = node.kind === 'limit' && node.input.kind === 'sort' ? node.input : null;
        const below = inner ? inner.input : node.input;
        const rows = this.materialize(this.chain(below), { type: 'mix' });
        const keys = inner ? inner.keys : sort;
        if (keys.length) this.unorderGroups(rows);
        if (keys.length && node.kind === 'limit' && node.limit !== null) this.keepTopGroups(rows, { sort: keys, rows: node.offset + node.limit });
        const processor: ProcessorSpec = {
          type: 'results',
          sort: keys.length ? keys : this.groupOrder(rows),
          limit: node.kind === 'limit' ? node.limit : null,
          offset: node.kind === 'limit' ? node.offset : 0,
          ops: [],
        };
        return { kind: 'stage', stage: this.addStage({ input: [{ type: 'stage', stage: rows }], processor, signature: node.signature, maxWorkerCount: 1 }), signature: node.signature };
      }
    }
  }

  private aggregate(node: AggregateNode): Chain {
    if (node.groupingSets) {
      throw new FaultError(fault('QueryNotSupported', { message: `GROUP BY ${node.groupingSets} (subtotals) is not supported by the multi-stage query engine` }));
    }
    const groupBy: GroupBySpec = {
      keys: node.groupBy,
      aggregates: node.aggregates,
      ...(node.multiValueKeys ? { multiValueKeys: node.multiValueKeys } : {}),
      signature: node.signature,
    };
    const rows = this.asScan(this.chain(node.input));
    // Without group keys every partial row must meet in one partition (one output row).
    const partitions = groupBy.keys.length ? this.settings.maxWorkers : 1;
    const partial = this.addStage({
      input: [rows.input, ...rows.broadcast],
      broadcast: rows.broadcast.map((_, i) => i + 1),
      processor: { type: 'scan', ops: rows.ops, partialAggregate: groupBy, ...this.timeCheck(rows.input) },
      signature: partialSignature(groupBy),
      shuffleSpec: { type: 'hash', columns: groupBy.keys.map((k) => k.name), partitions },
    });
    const merged = this.addStage({ input: [{ type: 'stage', stage: partial }], processor: { type: 'groupByPostShuffle', groupBy, ops: [] }, signature: node.signature });
    return { kind: 'stage', stage: merged, signature: node.signature };
  }

  private join(node: JoinNode): Chain {
    const spec: JoinSpec = {
      joinType: node.joinType,
      leftKeys: node.leftKeys,
      rightKeys: node.rightKeys,
      condition: node.condition,
      rightSignature: node.right.signature,
      signature: node.signature,
    };
    const outer = node.joinType === 'RIGHT' || node.joinType === 'FULL';
    if (this.settings.joinAlgorithm !== 'sortMerge' && !outer) {
      const right = this.materialize(this.chain(node.right), { type: 'mix' });
      const left = this.asScan(this.chain(node.left));
      const broadcastInput = left.broadcast.length + 1;
      return { ...left, broadcast: [...left.broadcast, { type: 'stage', stage: right }], ops: [...left.ops, { type: 'join', broadcastInput, ...spec }], signature: node.signature };
    }
    const partitions = node.leftKeys.length ? this.settings.maxWorkers : 1;
    const left = this.materialize(this.chain(node.left), { type: 'hash', columns: node.leftKeys, partitions });
    const right = this.materialize(this.chain(node.right), { type: 'hash', columns: node.rightKeys, partitions });
    const joined = this.addStage({ input: [{ type: 'stage', stage: left }, { type: 'stage', stage: right }], processor: { type: 'sortMergeJoin', ops: [], ...spec }, signature: node.signature });
    return { kind: 'stage', stage: joined, signature: node.signature };
  }

  /**
   * UNION ALL: each input runs into one partition of its own stage; one worker then reads them all,
   * in input order, as the rows of a results stage (no sort, no limit) that later row ops join.
   */
  private union(node: UnionNode): Chain {
    const inputs = node.inputs.map((input) => this.materialize(this.chain(input), { type: 'mix' }));
    const processor: ProcessorSpec = { type: 'results', sort: [], limit: null, offset: 0, ops: [] };
    const stage = this.addStage({ input: inputs.map((s) => ({ type: 'stage', stage: s })), processor, signature: node.signature, maxWorkerCount: 1 });
    return { kind: 'stage', stage, signature: node.signature };
  }

  /** Appends a row op: into the scan chain, or into the pending stage's processor. */
  private addOp(chain: Chain, op: FrameOp, signature: RowSignature): Chain {
    if (chain.kind === 'scan') return { ...chain, ops: [...chain.ops, op], signature };
    const stage = this.stages[chain.stage]!;
    const p = stage.processor;
    if (p.type !== 'groupByPostShuffle' && p.type !== 'sortMergeJoin' && p.type !== 'results') throw new Error(`Cannot add ops to a ${p.type} stage`);
    stage.processor = { ...p, ops: [...p.ops, op] };
    stage.signature = signature;
    return { ...chain, signature };
  }

  /** A chain as rows a scan stage can read: a pending stage is closed with a mix shuffle first. */
  private asScan(chain: Chain): ScanChain {
    if (chain.kind === 'scan') return chain;
    const stage = this.materialize(chain, { type: 'mix' });
    return scan({ type: 'stage', stage }, chain.signature);
  }

  /** Cuts a chain at a stage boundary with `shuffle`; returns the stage that produces its rows. */
  private materialize(chain: Chain, shuffle: ShuffleSpec): number {
    if (chain.kind === 'stage') {
      this.stages[chain.stage]!.shuffleSpec = shuffle;
      return chain.stage;
    }
    return this.addStage({
      input: [chain.input, ...chain.broadcast],
      broadcast: chain.broadcast.map((_, i) => i + 1),
      processor: { type: 'scan', ops: chain.ops, partialAggregate: null, ...this.timeCheck(chain.input) },
      signature: chain.signature,
      shuffleSpec: shuffle,
    });
  }

  private addStage(s: Partial<MutableStage> & Pick<MutableStage, 'input' | 'processor' | 'signature'>): number {
    const stageNumber = this.stages.length;
    this.stages.push({
      id: `${this.queryId}_${stageNumber}`,
      stageNumber,
      broadcast: [],
      maxWorkerCount: this.settings.maxWorkers,
      shuffleSpec: undefined as unknown as null,
      ...s,
    });
    return stageNumber;
  }

  /** Rows an ORDER BY sorts anyway: a GROUP BY stage feeding it need not sort its groups by key. */
  private unorderGroups(stage: number): void {
    const s = this.stages[stage]!;
    const p = s.processor;
    if (p.type === 'groupByPostShuffle') s.processor = { ...p, groupBy: { ...p.groupBy, unordered: true } };
  }

  /**
   * Rows an ORDER BY … LIMIT keeps: a GROUP BY stage feeding it passes on only each partition's
   * first offset + limit groups, so the one-worker results stage sorts a few rows per partition.
   */
  private keepTopGroups(stage: number, top: TopRows): void {
    const s = this.stages[stage]!;
    const p = s.processor;
    if (p.type === 'groupByPostShuffle') s.processor = { ...p, top };
  }

  /**
   * Rows of a GROUP BY read without ORDER BY come in group-key order (ascending, nulls first), as
   * Druid's groupBy returns them. Each merge partition is sorted by its keys (GroupByTable.finalFrame);
   * across the hash partitions the results sort on the keys when the merge stage's ops pass them
   * all through (under their names after any projection), and otherwise the merge runs as a single
   * partition, whose order the ops keep. Other stages' rows keep their order: no sort.
   */
  private groupOrder(stage: number): SortColumn[] {
    const s = this.stages[stage]!;
    const p = s.processor;
    if (p.type !== 'groupByPostShuffle' || p.groupBy.keys.length === 0) return [];
    let names: (string | null)[] = p.groupBy.keys.map((k) => k.name);
    for (const op of p.ops) {
      if (op.type !== 'project') continue;
      names = names.map((n) => op.columns.find((c) => n !== null && c.expr.kind === 'column' && c.expr.name === n)?.name ?? null);
    }
    if (names.every((n) => n !== null)) return names.map((column) => ({ column: column!, descending: false }));
    const input = s.input[0];
    const partial = input?.type === 'stage' ? this.stages[input.stage]! : null;
    if (partial?.shuffleSpec?.type === 'hash') partial.shuffleSpec = { ...partial.shuffleSpec, partitions: 1 };
    return [];
  }

  /** For native scans of external input: which input column's unparseable timestamps drop rows. */
  private timeCheck(input: InputSpec): { unparseableTimeColumn?: string } {
    return input.type === 'external' && this.unparseableTimeColumn ? { unparseableTimeColumn: this.unparseableTimeColumn } : {};
  }

  /** The GROUP BY a stage's rows come from, when the stage merges partial aggregates. */
  private groupByOf(stage: number): GroupBySpec | null {
    const p = this.stages[stage]!.processor;
    return p.type === 'groupByPostShuffle' ? p.groupBy : null;
  }

  private opsOf(stage: number): readonly FrameOp[] {
    const p = this.stages[stage]!.processor;
    return 'ops' in p ? p.ops : [];
  }
}

/**
 * The global sort that cuts an ingest's rows into segments: SQL sorts on the time chunk and CLUSTERED
 * BY (a REPLACE … GROUP BY without it: the range shard columns of its keys) and splits chunks at
 * about rowsPerSegment rows; a native partitionsSpec fills segments up to
 * maxRowsPerSegment (dynamic), splits at partition-dimension ranges (range / single_dim) or buckets
 * rows by hash (hashed). Native rows outside the spec's intervals are already filtered out.
 */
function segmentShuffle(statement: PlannedIngest, rowsPerSegment: number): ShuffleSpec {
  const base = { type: 'targetSize', segmentGranularity: statement.segmentGranularity } as const;
  const p = statement.partitioning;
  if (!p) {
    // A GROUP BY without CLUSTERED BY is clustered by its group keys; their range shard columns, if any, split the chunks.
    const clusterBy = statement.clusteredBy.length > 0 ? statement.clusteredBy : (statement.rangeShardColumns?.columns ?? []);
    return { ...base, clusterBy, targetSize: rowsPerSegment };
  }
  switch (p.type) {
    case 'dynamic':
      return { ...base, clusterBy: [], targetSize: p.maxRowsPerSegment };
    case 'hashed':
      return { ...base, clusterBy: [], targetSize: p.targetRowsPerSegment, hash: { numShards: p.numShards, partitionDimensions: p.partitionDimensions, dimensions: p.dimensions } };
    case 'range':
    case 'single_dim':
      return { ...base, clusterBy: p.partitionDimensions, targetSize: p.targetRowsPerSegment, singleValueKeys: true };
  }
}

function scan(input: InputSpec, signature: RowSignature): ScanChain {
  return { kind: 'scan', input, broadcast: [], ops: [], signature };
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
function partialSignature(groupBy: GroupBySpec): RowSignature {
  const keys = groupBy.signature.slice(0, groupBy.keys.length);
  const partials = groupBy.aggregates.flatMap((a) => aggregatorFactory(a.call).intermediateTypes.map((type, i) => ({ name: intermediateColumnName(a.name, i), type })));
  return [...keys, ...partials];
}

/** Name of an aggregate's i-th intermediate column in partial-aggregate frames. */
export function intermediateColumnName(aggregate: string, i: number): string {
  return `${aggregate}$partial${i}`;
}
