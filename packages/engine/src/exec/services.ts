import type { Interval, RowSignature } from '@silt/common';
import type { Frame } from '@silt/frame';
import type { DruidSegmentResolver } from '@silt/input';
import type { DataSegment } from '@silt/segment';
import type { SystemTableName } from '@silt/sql';
import type { DeepStorage } from '@silt/storage';
import type { SegmentToRead } from './input-slices.ts';
import type { ProcessingPool } from './pool.ts';

/** What the engine needs from the world; the overlord / embedding API supplies it. */
export interface EngineServices {
  readonly pool: ProcessingPool;
  /** Directory under which queries keep their temporary files. */
  readonly workDir: string;
  readonly deepStorage: DeepStorage;
  /** Visible segments of a datasource that overlap `intervals`, with local paths. */
  tableSegments(dataSource: string, intervals: readonly Interval[]): Promise<SegmentToRead[]>;
  /** Used segments of a datasource (for allocation and tombstones). */
  usedSegments(dataSource: string): Promise<DataSegment[]>;
  /** Resolves a `druid` input source's segments (native re-ingestion). */
  readonly druidSegments: DruidSegmentResolver;
  /** Rows of a system table as of now, laid out in `signature` order. */
  systemTable(table: SystemTableName, signature: RowSignature): Promise<Frame>;
}

/** Per-task services for INSERT / REPLACE: time-chunk locks and the one publish transaction. */
export interface IngestServices {
  /**
   * Takes locks over `intervals` for the task and returns the lock version. Conflicting locks of
   * tasks with a lower priority are revoked; for one of the same or higher priority, REPLACE waits
   * until it is released (until `signal` aborts) and INSERT fails with
   * InsertCannotAllocateSegment, as Druid's segment allocation does.
   */
  lock(intervals: readonly Interval[], signal: AbortSignal): Promise<string>;
  /**
   * Publishes segments and tombstones in one transaction, overshadowing `overwrite`. Fails with
   * InsertLockPreempted, publishing nothing, when the task's locks were revoked meanwhile.
   */
  publish(segments: readonly DataSegment[], overwrite: readonly Interval[]): Promise<void>;
}
