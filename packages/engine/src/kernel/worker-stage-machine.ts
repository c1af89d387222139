import type { Fault } from '@silt/common';
import { toFault } from '@silt/common';
import { assign, fromPromise, setup } from 'xstate';

export interface WorkerStageInput {
  readonly stageNumber: number;
  readonly workerNumber: number;
  /** True when output partitions depend on boundaries the controller picks from key statistics. */
  readonly needsBoundaries: boolean;
}

export interface WorkerStageContext extends WorkerStageInput {
  readonly boundaries: unknown;
  readonly fault: Fault | null;
}

export type WorkerStageEvent = { type: 'START' } | { type: 'PARTITION_BOUNDARIES'; boundaries: unknown } | { type: 'CLEANUP' } | { type: 'CANCEL'; fault: Fault };

const notProvided = (name: string) =>
  fromPromise<void, { stageNumber: number; workerNumber: number; boundaries?: unknown }>(async () => {
    throw new Error(`${name} not provided`);
  });

/**
 * A worker's view of one stage (Druid's WorkerStageKernel), with Druid's worker phases. The I/O
 * lives in two invoked actors the runtime supplies with `.provide({ actors })`: `readInput` (reads
 * the worker's input slice, runs the processor, and — for stages without a global sort — writes
 * output partitions) and `writeOutput` (partitions sorted output once boundaries arrive).
 * The defaults throw "not provided", so missing wiring fails loudly.
 */
export const workerStageMachine = setup({
  types: {} as { input: WorkerStageInput; context: WorkerStageContext; events: WorkerStageEvent },
  actors: { readInput: notProvided('readInput'), writeOutput: notProvided('writeOutput') },
  guards: { needsBoundaries: ({ context }) => context.needsBoundaries },
}).createMachine({
  id: 'workerStage',
  initial: 'NEW',
  context: ({ input }) => ({ ...input, boundaries: null, fault: null }),
  on: { CANCEL: { target: '.FAILED', actions: assign({ fault: ({ event }) => event.fault }) } },
  states: {
    NEW: { on: { START: 'READING_INPUT' } },
    READING_INPUT: {
      invoke: {
        src: 'readInput',
        input: ({ context }) => ({ stageNumber: context.stageNumber, workerNumber: context.workerNumber }),
        onDone: [{ guard: 'needsBoundaries', target: 'PRESHUFFLE_WAITING_FOR_RESULT_PARTITION_BOUNDARIES' }, { target: 'RESULTS_COMPLETE' }],
        onError: { target: 'FAILED', actions: assign({ fault: ({ event }) => toFault(event.error) }) },
      },
    },
    PRESHUFFLE_WAITING_FOR_RESULT_PARTITION_BOUNDARIES: {
      on: { PARTITION_BOUNDARIES: { target: 'PRESHUFFLE_WRITING_OUTPUT', actions: assign({ boundaries: ({ event }) => event.boundaries }) } },
    },
    PRESHUFFLE_WRITING_OUTPUT: {
      invoke: {
        src: 'writeOutput',
        input: ({ context }) => ({ stageNumber: context.stageNumber, workerNumber: context.workerNumber, boundaries: context.boundaries }),
        onDone: 'RESULTS_COMPLETE',
        onError: { target: 'FAILED', actions: assign({ fault: ({ event }) => toFault(event.error) }) },
      },
    },
    RESULTS_COMPLETE: { on: { CLEANUP: 'FINISHED' } },
    FINISHED: { type: 'final' },
    FAILED: { type: 'final' },
  },
});
