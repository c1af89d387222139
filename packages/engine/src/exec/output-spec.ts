import type { Granularity } from '@silt/common';

/**
 * Where a pool task puts the frame it produced (Druid's output channels, file-backed):
 * - `frame`: back to the caller (results, small system tables);
 * - `mix`: one file (a single partition);
 * - `hash`: one file per partition, rows by murmur3 of the key columns;
 * - `run`: one unpartitioned file of a globally sorted stage, with key statistics returned.
 */
export type OutputSpec =
  | { readonly type: 'frame' }
  | { readonly type: 'mix'; readonly file: string }
  | { readonly type: 'hash'; readonly columns: readonly string[]; readonly files: readonly string[] }
  | {
      readonly type: 'run';
      readonly file: string;
      readonly granularity: Granularity;
      readonly clusterBy: readonly string[];
      /** Fail on a multi-value `clusterBy` value (native range partitioning). */
      readonly singleValueKeys?: boolean;
    };

/** Key statistics of one run: per time bucket, its rows and a uniform sample of CLUSTERED BY keys. */
export type RunStatistics = readonly { readonly bucket: number; readonly count: number; readonly sample: readonly unknown[][] }[];

/** What writing an output produced (counted into the stage's `output` / `shuffle` counters). */
export interface OutputResult {
  readonly rows: number;
  /** Bytes written to shuffle files (0 for `frame`). */
  readonly bytes: number;
  readonly frames: number;
  /** `run` outputs: the run's key statistics. */
  readonly stats?: RunStatistics;
  /** `frame` outputs: the encoded frame. */
  readonly frame?: Uint8Array;
}
