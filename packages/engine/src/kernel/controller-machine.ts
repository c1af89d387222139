import { type Fault, fault, toFault } from '@silt/common';
import { assign, fromPromise, setup } from 'xstate';

/** The controller's I/O, which the runtime hands the machine as input. */
export interface ControllerDriver {
  /** Runs every stage; stops when `signal` aborts (CANCEL, timeout). */
  runStages(signal: AbortSignal): Promise<void>;
  /** Publishes the segments in one metadata transaction. */
  publish(): Promise<void>;
}

export interface ControllerInput {
  readonly taskId: string;
  /** INSERT / REPLACE publish segments after the stages; SELECT does not. */
  readonly publishes: boolean;
  /** The query context's `timeout`: milliseconds the stages may run (null: no limit). */
  readonly timeout?: number | null;
  readonly driver: ControllerDriver;
}

export interface ControllerContext extends ControllerInput {
  readonly timeout: number | null;
  readonly fault: Fault | null;
}

export type ControllerEvent = { type: 'CANCEL' };

/**
 * The controller's lifecycle (Druid's ControllerImpl phases, decisions only). `runStages` (the
 * query kernel's execution of every stage) and `publish` (one metadata transaction) are invoked
 * actors that call the input's driver. CANCEL while stages run stops them (the actor's abort signal
 * fires) and fails the query with the Canceled fault, so a cancelled query never publishes; so does
 * the `timeout` running out (Canceled, reason QUERY_TIMEOUT), as Druid's controller checks its
 * deadline while stages run.
 */
export const controllerMachine = setup({
  types: {} as { input: ControllerInput; context: ControllerContext; events: ControllerEvent },
  actors: {
    runStages: fromPromise<void, { driver: ControllerDriver }>(({ input, signal }) => input.driver.runStages(signal)),
    publish: fromPromise<void, { driver: ControllerDriver }>(({ input }) => input.driver.publish()),
  },
  guards: {
    publishes: ({ context }) => context.publishes,
    hasTimeout: ({ context }) => context.timeout !== null,
  },
  delays: { queryTimeout: ({ context }) => context.timeout ?? 0 },
}).createMachine({
  id: 'controller',
  initial: 'RUNNING',
  context: ({ input }) => ({ ...input, timeout: input.timeout ?? null, fault: null }),
  states: {
    RUNNING: {
      invoke: {
        src: 'runStages',
        input: ({ context }) => ({ driver: context.driver }),
        onDone: [{ guard: 'publishes', target: 'PUBLISHING' }, { target: 'SUCCESS' }],
        onError: { target: 'FAILED', actions: assign({ fault: ({ event }) => toFault(event.error) }) },
      },
      on: { CANCEL: { target: 'FAILED', actions: assign({ fault: () => fault('Canceled') }) } },
      after: { queryTimeout: { guard: 'hasTimeout', target: 'FAILED', actions: assign({ fault: () => fault('Canceled', { reason: 'QUERY_TIMEOUT' }) }) } },
    },
    PUBLISHING: {
      invoke: {
        src: 'publish',
        input: ({ context }) => ({ driver: context.driver }),
        onDone: 'SUCCESS',
        onError: { target: 'FAILED', actions: assign({ fault: ({ event }) => toFault(event.error) }) },
      },
      // The publish is one short metadata transaction; a CANCEL arriving now is ignored, so a
      // task is never reported cancelled while its segments commit.
    },
    SUCCESS: { type: 'final' },
    FAILED: { type: 'final' },
  },
  output: ({ context }) => ({ fault: context.fault }),
});
