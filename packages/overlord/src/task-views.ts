import type { TaskRecord } from '@silt/metadata';
import type { TaskLocation } from './system-tables.ts';

/** One entry of the task lists (`GET /druid/indexer/v1/tasks` and friends; Druid's TaskStatusPlus). */
export function taskListView(t: TaskRecord, location: TaskLocation): Record<string, unknown> {
  return {
    id: t.id,
    groupId: t.groupId,
    type: t.type,
    createdTime: t.createdTime,
    queueInsertionTime: '1970-01-01T00:00:00.000Z',
    statusCode: t.status,
    status: t.status,
    runnerStatusCode: t.runnerStatusCode,
    duration: t.duration,
    location: { host: location.host, port: location.port, tlsPort: -1 },
    dataSource: t.dataSource,
    errorMsg: t.errorMsg,
  };
}

/** `GET /druid/indexer/v1/task/{id}/status` body (Druid's TaskStatusResponse: the same fields under `status`). */
export function taskStatusView(t: TaskRecord, location: TaskLocation): { task: string; status: Record<string, unknown> } {
  return { task: t.id, status: taskListView(t, location) };
}
