import type { Interval } from '@silt/common';
import type { DataSegment } from '@silt/segment';

/** Druid's task status codes. */
export type TaskStatusCode = 'RUNNING' | 'SUCCESS' | 'FAILED';
/** Druid's runner status codes (where the task is in the runner). */
export type RunnerStatusCode = 'WAITING' | 'PENDING' | 'RUNNING' | 'NONE';

/** One task row. `payload` is the task's JSON as GET /druid/indexer/v1/task/{id} returns it. */
export interface TaskRecord {
  readonly id: string;
  readonly groupId: string;
  readonly type: string;
  readonly dataSource: string;
  /** ISO-8601. */
  readonly createdTime: string;
  readonly status: TaskStatusCode;
  readonly runnerStatusCode: RunnerStatusCode;
  /** Milliseconds the task ran; -1 while running. */
  readonly duration: number;
  readonly errorMsg: string | null;
  readonly payload: unknown;
}

/** Filters for listing tasks (all optional). `state`: running | complete | waiting | pending. */
export interface TaskFilter {
  readonly state?: 'running' | 'complete' | 'waiting' | 'pending';
  readonly dataSource?: string;
  /** Newest first, at most this many. */
  readonly max?: number;
}

export type LockType = 'EXCLUSIVE' | 'SHARED' | 'APPEND' | 'REPLACE';

/**
 * A time-chunk lock held by a task. `version` is the version new segments under it get. `revoked`
 * is set (true) once a task of higher priority took a conflicting lock: the row stays until its
 * task ends, as Druid keeps revoked locks, but it no longer blocks anyone nor covers a publish.
 */
export interface LockRecord {
  readonly taskId: string;
  readonly dataSource: string;
  readonly interval: Interval;
  readonly version: string;
  readonly lockType: LockType;
  readonly priority: number;
  readonly revoked?: true;
}

/** A segment row: the payload plus whether it is used (visible to the timeline). */
export interface SegmentRecord {
  readonly id: string;
  readonly segment: DataSegment;
  readonly used: boolean;
  /** ISO-8601 creation time of the row. */
  readonly createdDate: string;
}

/**
 * The metadata store: the truth about tasks, locks and published segments. One schema, two drivers
 * (SQLite embedded, PostgreSQL); every method behaves the same on both.
 */
export interface MetadataStore {
  /** Creates tables if missing. Idempotent. */
  init(): Promise<void>;
  close(): Promise<void>;

  insertTask(task: TaskRecord): Promise<void>;
  /** Updates status fields of a task; unknown ids are ignored. */
  updateTaskStatus(id: string, update: { status: TaskStatusCode; runnerStatusCode: RunnerStatusCode; duration: number; errorMsg: string | null }): Promise<void>;
  getTask(id: string): Promise<TaskRecord | undefined>;
  listTasks(filter?: TaskFilter): Promise<TaskRecord[]>;
  /** Stores (replaces) the task's report JSON. */
  saveReport(id: string, report: unknown): Promise<void>;
  getReport(id: string): Promise<unknown | undefined>;

  /**
   * Takes locks for all intervals at once, or none. Another task's overlapping lock of the same
   * datasource (any type, for now) conflicts unless it is revoked. When every conflicting lock has
   * a lower priority than the request's, they are revoked (Druid's lock preemption) and the locks
   * are taken; otherwise nothing changes and the first conflicting lock of the same or higher
   * priority is returned. The lock version is `version`.
   */
  tryLock(locks: readonly LockRecord[]): Promise<{ ok: true } | { ok: false; conflict: LockRecord }>;
  listLocks(taskId?: string): Promise<LockRecord[]>;
  releaseLocks(taskId: string): Promise<void>;

  /**
   * Publishes segments in ONE transaction: inserts them as used, and marks as unused every used
   * segment of the same datasource whose interval lies within `overwrite` intervals and whose
   * version is lower than the new version (REPLACE semantics). Either everything commits or
   * nothing does. Rejects if `taskId` no longer holds an unrevoked lock covering every segment's
   * interval and every `overwrite` interval (a DruidError with errorCode `lockLost`). Segments whose id is
   * already stored are skipped, as Druid does, so retrying a publish is harmless.
   */
  publishSegments(taskId: string, segments: readonly DataSegment[], overwrite?: readonly Interval[]): Promise<void>;
  /** Used segments, optionally of one datasource and overlapping one interval. */
  listUsedSegments(dataSource?: string, interval?: Interval): Promise<SegmentRecord[]>;
  /** All datasources with at least one used segment. */
  listDataSources(): Promise<string[]>;
}
