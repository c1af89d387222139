import type { Fault } from '@silt/common';
import { and, assign, setup } from 'xstate';

/** Input of the controller's view of one stage. */
export interface ControllerStageInput {
  readonly stageNumber: number;
  /** True when the stage's shuffle needs key statistics (global sort) before partitions are known. */
  readonly gathersStatistics: boolean;
}

export interface ControllerStageContext {
  readonly stageNumber: number;
  readonly gathersStatistics: boolean;
  readonly workerCount: number;
  readonly workersDoneReading: readonly number[];
  readonly workersWithResults: readonly number[];
  readonly partitionCount: number | null;
  readonly fault: Fault | null;
}

export type ControllerStageEvent =
  | { type: 'START'; workerCount: number; partitionCount: number | null }
  | { type: 'WORKER_DONE_READING'; worker: number }
  | { type: 'PARTITIONS_DECIDED'; partitionCount: number }
  | { type: 'WORKER_RESULTS_COMPLETE'; worker: number }
  | { type: 'FINISH' }
  | { type: 'FAIL'; fault: Fault };

const addWorker = (list: readonly number[], w: number) => (list.includes(w) ? list : [...list, w]);

/**
 * The controller's view of a stage (Druid's ControllerStageTracker), a pure machine: it records
 * which workers finished reading and which have results, and moves through Druid's controller
 * phases. Kernels do no I/O: the runtime sends events as work completes.
 */
export const controllerStageMachine = setup({
  types: {} as { input: ControllerStageInput; context: ControllerStageContext; events: ControllerStageEvent },
  guards: {
    allDoneReading: ({ context }) => context.workersDoneReading.length >= context.workerCount,
    allResultsComplete: ({ context }) => context.workersWithResults.length >= context.workerCount,
    gathersStatistics: ({ context }) => context.gathersStatistics,
  },
}).createMachine({
  id: 'controllerStage',
  initial: 'NEW',
  context: ({ input }) => ({
    stageNumber: input.stageNumber,
    gathersStatistics: input.gathersStatistics,
    workerCount: 0,
    workersDoneReading: [],
    workersWithResults: [],
    partitionCount: null,
    fault: null,
  }),
  on: {
    FAIL: { target: '.FAILED', actions: assign({ fault: ({ event }) => event.fault }) },
  },
  states: {
    NEW: {
      on: {
        START: {
          target: 'READING_INPUT',
          actions: assign({ workerCount: ({ event }) => event.workerCount, partitionCount: ({ event }) => event.partitionCount }),
        },
      },
    },
    READING_INPUT: {
      always: [
        { guard: and(['allDoneReading', 'gathersStatistics']), target: 'MERGING_STATISTICS' },
        { guard: 'allDoneReading', target: 'POST_READING' },
      ],
      on: {
        WORKER_DONE_READING: { actions: assign({ workersDoneReading: ({ context, event }) => addWorker(context.workersDoneReading, event.worker) }) },
        WORKER_RESULTS_COMPLETE: {
          actions: assign({
            workersDoneReading: ({ context, event }) => addWorker(context.workersDoneReading, event.worker),
            workersWithResults: ({ context, event }) => addWorker(context.workersWithResults, event.worker),
          }),
        },
      },
    },
    MERGING_STATISTICS: {
      on: { PARTITIONS_DECIDED: { target: 'POST_READING', actions: assign({ partitionCount: ({ event }) => event.partitionCount }) } },
    },
    POST_READING: {
      always: [{ guard: 'allResultsComplete', target: 'RESULTS_READY' }],
      on: { WORKER_RESULTS_COMPLETE: { actions: assign({ workersWithResults: ({ context, event }) => addWorker(context.workersWithResults, event.worker) }) } },
    },
    RESULTS_READY: { on: { FINISH: 'FINISHED' } },
    FINISHED: { type: 'final' },
    FAILED: { type: 'final' },
  },
});
