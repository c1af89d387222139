import type { QueryRun, StageRun } from '@silt/engine';
import type { NativeIngestPlan } from '@silt/indexing';
import type { TaskRecord } from '@silt/metadata';
import { phaseOf } from './native-task.ts';
import { errorMsgOf } from './task-error-msg.ts';

/** A subtask of a native job: one worker of one stage (Druid's sub-task spec and its task). */
export interface SubTask {
  readonly specId: string;
  readonly taskId: string;
  readonly phase: string;
  readonly state: 'WAITING' | 'RUNNING' | 'SUCCESS' | 'FAILED';
  readonly spec: Record<string, unknown>;
  /** Statuses of finished attempts, oldest first (a retried subtask has a FAILED one). */
  readonly history: readonly Record<string, unknown>[];
}

/** The subtask id of attempt `attempt` of worker `w` of a stage (unique across the job's retries). */
function subTaskId(supervisorId: string, plan: NativeIngestPlan, stage: StageRun, phase: string, w: number, attempt: number): string {
  return `${phase}_${plan.dataSource}_${stage.def.stageNumber}_${w}_${attempt}_${supervisorId.split('_').at(-1)}`;
}

/** The subtasks of one stage of a native job, as the supervisor's chat endpoints describe them. */
export function subTasks(supervisorId: string, plan: NativeIngestPlan, stage: StageRun): SubTask[] {
  const phase = phaseOf(stage, plan);
  return stage.workerActors.map((actor, w) => {
    const value = String(actor.getSnapshot().value);
    const state = value === 'NEW' ? 'WAITING' : value === 'FAILED' ? 'FAILED' : value === 'RESULTS_COMPLETE' || value === 'FINISHED' ? 'SUCCESS' : 'RUNNING';
    const specId = `${supervisorId}_${stage.def.stageNumber}_${w}`;
    const attempts = stage.history[w] ?? [];
    return {
      specId,
      taskId: subTaskId(supervisorId, plan, stage, phase, w, attempts.length),
      phase,
      state,
      spec: { type: phase, id: specId, groupId: supervisorId, supervisorTaskId: supervisorId, context: {}, inputSplit: { split: stage.workers[w]!.slice } },
      history: attempts.map((a) => ({
        id: subTaskId(supervisorId, plan, stage, phase, w, a.attempt),
        type: phase,
        statusCode: a.state,
        status: a.state,
        runnerStatusCode: 'NONE',
        dataSource: plan.dataSource,
        errorMsg: a.fault ? errorMsgOf(a.fault) : null,
      })),
    };
  });
}

/**
 * The stages whose workers are Druid subtasks: a dynamic job's single phase reads and publishes in
 * the same subtask (the first stage's workers); a multi-phase job also has its merge phase.
 */
export function subTaskStages(run: QueryRun, plan: NativeIngestPlan): StageRun[] {
  if (plan.partitionsSpec.type === 'dynamic') return run.stages.slice(0, 1);
  return run.stages.filter((s, i) => i === 0 || s.def.processor.type === 'segmentGenerator');
}

/**
 * A native parallel job's subtasks as task records (listed with the job's tasks, groupId the
 * supervisor): every finished attempt and, with `live`, the attempts running or waiting now.
 */
export function subTaskRecords(supervisorId: string, run: QueryRun, plan: NativeIngestPlan, live: boolean): TaskRecord[] {
  const records: TaskRecord[] = [];
  for (const stage of subTaskStages(run, plan)) {
    const phase = phaseOf(stage, plan);
    const createdTime = new Date(stage.startTime).toISOString();
    subTasks(supervisorId, plan, stage).forEach((t, w) => {
      const record = (attempt: number, status: TaskRecord['status'], duration: number, errorMsg: string | null): TaskRecord => {
        const id = subTaskId(supervisorId, plan, stage, phase, w, attempt);
        const runner = status !== 'RUNNING' ? 'NONE' : t.state === 'WAITING' ? 'WAITING' : 'RUNNING';
        const payload = { ...t.spec, id, subtaskSpecId: t.specId, numAttempts: attempt };
        return { id, groupId: supervisorId, type: phase, dataSource: plan.dataSource, createdTime, status, runnerStatusCode: runner, duration, errorMsg, payload };
      };
      const attempts = stage.history[w] ?? [];
      for (const a of attempts) records.push(record(a.attempt, a.state, a.endTime - stage.startTime, a.fault ? errorMsgOf(a.fault) : null));
      if (live && (t.state === 'RUNNING' || t.state === 'WAITING')) records.push(record(attempts.length, 'RUNNING', -1, null));
    });
  }
  return records;
}
