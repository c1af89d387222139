import type { QueryRun, StageRun } from '@silt/engine';
import type { NativeIngestPlan } from '@silt/indexing';
import { phaseOf } from './native-task.ts';

/** A subtask of a native job: one worker of one stage (Druid's sub-task spec and its task). */
interface SubTask {
  readonly specId: string;
  readonly taskId: string;
  readonly phase: string;
  readonly state: 'WAITING' | 'RUNNING' | 'SUCCESS' | 'FAILED';
  readonly spec: Record<string, unknown>;
  /** Statuses of finished attempts, oldest first (a retried subtask has a FAILED one). */
  readonly history: readonly Record<string, unknown>[];
}

function subTasks(supervisorId: string, run: QueryRun, plan: NativeIngestPlan, stage: StageRun): SubTask[] {
  const phase = phaseOf(stage, plan);
  return stage.workerActors.map((actor, w) => {
    const value = String(actor.getSnapshot().value);
    const state = value === 'NEW' ? 'WAITING' : value === 'FAILED' ? 'FAILED' : value === 'RESULTS_COMPLETE' || value === 'FINISHED' ? 'SUCCESS' : 'RUNNING';
    const specId = `${supervisorId}_${stage.def.stageNumber}_${w}`;
    const taskId = (attempt: number) => `${phase}_${plan.dataSource}_${stage.def.stageNumber}_${w}_${attempt}_${supervisorId.split('_').at(-1)}`;
    const attempts = stage.history[w] ?? [];
    return {
      specId,
      taskId: taskId(attempts.length),
      phase,
      state,
      spec: { type: phase, id: specId, groupId: supervisorId, supervisorTaskId: supervisorId, context: {}, inputSplit: { split: stage.workers[w]!.slice } },
      history: attempts.map((a) => ({ id: taskId(a.attempt), type: phase, statusCode: a.state, status: a.state, runnerStatusCode: 'NONE', dataSource: plan.dataSource, errorMsg: a.fault ? `${a.fault.errorCode}: ${a.fault.errorMessage}` : null })),
    };
  });
}

/**
 * The supervisor task's chat endpoints (`/druid/worker/v1/chat/{id}/…`) of a running native
 * `index_parallel` job, answered from its stages. Returns undefined for a 404: unknown endpoint or
 * spec, or a sequential job (Druid registers no chat handler then).
 */
export function supervisorChat(supervisorId: string, run: QueryRun, plan: NativeIngestPlan, path: readonly string[], parallel: boolean): unknown {
  if (!parallel) return undefined;
  const stage = run.stages.at(-1);
  const tasks = stage ? subTasks(supervisorId, run, plan, stage) : [];
  const [endpoint, arg, sub] = path;
  switch (endpoint) {
    case 'mode':
      return 'parallel';
    case 'phase':
      return stage ? phaseOf(stage, plan) : null;
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
