import type { QueryRun, StageRun } from '@silt/engine';
import type { NativeIngestPlan } from '@silt/indexing';
import { supervisorPhase } from './native-task.ts';
import { subTasks } from './subtasks.ts';

/**
 * The supervisor task's chat endpoints (`/druid/worker/v1/chat/{id}/…`) of a running native
 * `index_parallel` job, answered from its stages. Returns undefined for a 404: unknown endpoint or
 * spec, or a sequential job (Druid registers no chat handler then).
 */
export function supervisorChat(supervisorId: string, run: QueryRun, plan: NativeIngestPlan, path: readonly string[], parallel: boolean): unknown {
  if (!parallel) return undefined;
  const stage = run.stages.at(-1);
  const tasks = stage ? subTasks(supervisorId, plan, stage) : [];
  const [endpoint, arg, sub] = path;
  switch (endpoint) {
    case 'mode':
      return 'parallel';
    case 'phase':
      return supervisorPhase(run, plan);
    case 'progress': {
      const succeeded = tasks.filter((t) => t.state === 'SUCCESS').length;
      const failed = tasks.reduce((n, t) => n + t.history.filter((h) => h.status === 'FAILED').length, 0);
      const running = tasks.filter((t) => t.state === 'RUNNING').length;
      return { running, succeeded, failed, complete: succeeded + failed, total: tasks.length, estimatedExpectedSucceeded: tasks.length };
    }
    case 'subtasks':
      return arg === 'running' ? tasks.filter((t) => t.state === 'RUNNING').map((t) => t.taskId) : undefined;
    case 'subtaskspecs':
      if (arg === undefined) return tasks.map((t) => t.spec);
      if (arg === 'running') return tasks.filter((t) => t.state === 'RUNNING').map((t) => t.spec);
      if (arg === 'complete') return tasks.filter((t) => t.state !== 'RUNNING').map((t) => t.spec);
      return undefined;
    case 'subtaskspec': {
      const t = tasks.find((x) => x.specId === arg);
      if (!t) return undefined;
      const status = { id: t.taskId, type: t.phase, statusCode: t.state, status: t.state, runnerStatusCode: t.state === 'RUNNING' ? 'RUNNING' : 'NONE', dataSource: plan.dataSource };
      if (sub === undefined) return t.spec;
      if (sub === 'state') return { spec: t.spec, currentStatus: status, taskHistory: t.history };
      if (sub === 'history') return [...t.history, ...(t.state === 'RUNNING' || t.state === 'WAITING' ? [status] : [])];
      return undefined;
    }
    default:
      return undefined;
  }
}
