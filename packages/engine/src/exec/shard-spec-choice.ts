import type { PlannedIngest } from '@silt/sql';
import type { ShardKind } from './segment-allocation.ts';

/** Druid's MSQSegmentReport (the report's `status.segmentReport`): the shard spec class segments get, and why. */
export interface SegmentReport {
  readonly shardSpec: 'NumberedShardSpec' | 'DimensionRangeShardSpec';
  readonly details: string;
}

/**
 * Shard specs by Druid's rules: a native partitionsSpec names its own; a SQL REPLACE range-partitions
 * on the range shard columns the planner picked (see PlannedIngest.rangeShardColumns); everything
 * else, INSERT included, is numbered.
 */
export function shardKindOf(st: PlannedIngest): ShardKind {
  const p = st.partitioning;
  if (p?.type === 'hashed') return { type: 'hashed', partitionDimensions: p.partitionDimensions };
  if (p?.type === 'range') return { type: 'range', dimensions: p.partitionDimensions };
  if (p?.type === 'single_dim') return { type: 'single', dimension: p.partitionDimensions[0]! };
  if (p) return { type: 'numbered' };
  const columns = st.rangeShardColumns?.columns ?? [];
  return st.kind === 'replace' && columns.length > 0 ? { type: 'range', dimensions: columns } : { type: 'numbered' };
}

/**
 * The segment report of a SQL INSERT / REPLACE that writes rows, worded as Druid's controller words
 * it; null for native batch, whose report is `ingestionStatsAndErrors`.
 */
export function segmentReportOf(st: PlannedIngest): SegmentReport | null {
  if (st.partitioning) return null;
  if (st.kind === 'insert') return { shardSpec: 'NumberedShardSpec', details: 'Using NumberedShardSpec to generate segments since the query is inserting rows.' };
  const choice = st.rangeShardColumns;
  return choice ? { shardSpec: choice.columns.length > 0 ? 'DimensionRangeShardSpec' : 'NumberedShardSpec', details: choice.details } : null;
}
