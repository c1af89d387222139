import { formatInstant } from '@silt/common';
import type { DataSegment } from '@silt/segment';
import type { SegmentRecord } from './metadata-store.ts';
import type { SegmentsTable } from './schema.ts';

/**
 * Druid's segment id: `{dataSource}_{startISO}_{endISO}_{version}`, plus `_{partitionNum}` when
 * the partition number is above 0. (Same rule as `segmentIdString` in @silt/segment.)
 */
export function segmentIdOf(segment: Pick<DataSegment, 'dataSource' | 'interval' | 'version' | 'shardSpec'>): string {
  const base = `${segment.dataSource}_${formatInstant(segment.interval.start)}_${formatInstant(segment.interval.end)}_${segment.version}`;
  const partitionNum = segment.shardSpec.partitionNum;
  return partitionNum > 0 ? `${base}_${partitionNum}` : base;
}

/** The `silt_segments` row for a newly published (used) segment. */
export function segmentToRow(segment: DataSegment, createdDate: string): SegmentsTable {
  return {
    id: segmentIdOf(segment),
    datasource: segment.dataSource,
    start_ms: segment.interval.start,
    end_ms: segment.interval.end,
    version: segment.version,
    partition_num: segment.shardSpec.partitionNum,
    used: 1,
    payload: JSON.stringify(segment),
    created_date: createdDate,
  };
}

/** Parses a `silt_segments` row back (the payload is JSON this package wrote). */
export function rowToSegmentRecord(row: Pick<SegmentsTable, 'id' | 'used' | 'payload' | 'created_date'>): SegmentRecord {
  return {
    id: row.id,
    segment: JSON.parse(row.payload) as DataSegment,
    used: Number(row.used) === 1,
    createdDate: row.created_date,
  };
}
