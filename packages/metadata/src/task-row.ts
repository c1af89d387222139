import type { RunnerStatusCode, TaskRecord, TaskStatusCode } from './metadata-store.ts';
import type { TasksTable } from './schema.ts';

/** The `silt_tasks` row for a task (no report yet). */
export function taskToRow(task: TaskRecord): TasksTable {
  return {
    id: task.id,
    group_id: task.groupId,
    type: task.type,
    datasource: task.dataSource,
    created_time: task.createdTime,
    status: task.status,
    runner_status: task.runnerStatusCode,
    duration: task.duration,
    error_msg: task.errorMsg,
    payload: JSON.stringify(task.payload ?? null),
    report: null,
  };
}

/** Parses a `silt_tasks` row back into a TaskRecord. */
export function rowToTask(row: Omit<TasksTable, 'report'>): TaskRecord {
  return {
    id: row.id,
    groupId: row.group_id,
    type: row.type,
    dataSource: row.datasource,
    createdTime: row.created_time,
    status: row.status as TaskStatusCode,
    runnerStatusCode: row.runner_status as RunnerStatusCode,
    duration: Number(row.duration),
    errorMsg: row.error_msg,
    payload: JSON.parse(row.payload) as unknown,
  };
}
