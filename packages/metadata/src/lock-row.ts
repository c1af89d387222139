import type { LockRecord, LockType } from './metadata-store.ts';
import type { TaskLocksTable } from './schema.ts';

/** The `silt_task_locks` row for a lock (the id is assigned by the database). */
export function lockToRow(lock: LockRecord): Omit<TaskLocksTable, 'id'> {
  return {
    task_id: lock.taskId,
    datasource: lock.dataSource,
    start_ms: lock.interval.start,
    end_ms: lock.interval.end,
    version: lock.version,
    lock_type: lock.lockType,
    priority: lock.priority,
    revoked: lock.revoked ? 1 : 0,
  };
}

/** Parses a `silt_task_locks` row back into a LockRecord. */
export function rowToLock(row: Omit<TaskLocksTable, 'id'>): LockRecord {
  return {
    taskId: row.task_id,
    dataSource: row.datasource,
    interval: { start: Number(row.start_ms), end: Number(row.end_ms) },
    version: row.version,
    lockType: row.lock_type as LockType,
    priority: Number(row.priority),
    ...(Number(row.revoked) === 1 ? { revoked: true as const } : {}),
  };
}
