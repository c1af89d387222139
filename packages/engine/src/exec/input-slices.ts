import type { Interval } from '@silt/common';
import type { InputSplit } from '@silt/input';
import type { DataSegment } from '@silt/segment';

/** A visible segment a table input reads: where its file is and the sub-intervals to keep. */
export interface SegmentToRead {
  readonly segment: DataSegment;
  readonly intervals: readonly Interval[];
  /** Local file path, null for tombstones. */
  readonly path: string | null;
}

/** What one worker reads for one stage (Druid's InputSlice). */
export type InputSlice =
  | { readonly type: 'external'; readonly splits: readonly InputSplit[] }
  | { readonly type: 'table'; readonly segments: readonly SegmentToRead[] }
  | { readonly type: 'system' }
  | {
      readonly type: 'stage';
      readonly stage: number;
      /** Further co-partitioned inputs (a sort-merge join's right side, the other branches of a UNION ALL), read partition by partition. */
      readonly alsoStages: readonly number[];
      readonly partitions: readonly number[];
    };
