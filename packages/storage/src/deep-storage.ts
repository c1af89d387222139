/** Where a segment lives inside deep storage: the parts of Druid's default storage directory. */
export interface SegmentPathParts {
  readonly dataSource: string;
  /** `start/end` in ISO-8601, as Druid prints intervals. */
  readonly interval: string;
  readonly version: string;
  readonly partitionNum: number;
}

/**
 * Deep storage for immutable segment files. A pushed file is only ever read or removed, never
 * changed; its `loadSpec` (stored in the segment payload) is how it is found again.
 */
export interface DeepStorage {
  /**
   * Moves (or copies, across filesystems) a finished local file into deep storage. Atomic: the
   * final name appears only once the whole file is there. Returns Druid's loadSpec, e.g.
   * `{ type: 'local', path: '/abs/…/index.silt' }`, and the file's size in bytes.
   */
  push(localFile: string, segmentPathParts: SegmentPathParts): Promise<{ loadSpec: Record<string, unknown>; size: number }>;
  /** Local path of a pushed segment file to read. Throws on a loadSpec this storage did not write. */
  localPath(loadSpec: Readonly<Record<string, unknown>>): string;
  /** Deletes a pushed segment and its emptied directories (cleanup after a failed or cancelled task). */
  remove(loadSpec: Readonly<Record<string, unknown>>): Promise<void>;
}
