import { fault } from '@silt/common';
import { describe, expect, it } from 'vitest';
import { type AnyStateMachine, SimulatedClock, createActor, waitFor } from 'xstate';
import { CONTROLLER_STAGE_PHASES, WORKER_STAGE_PHASES } from '../src/kernel/stage-phases.ts';
import { controllerStageMachine } from '../src/kernel/controller-stage-machine.ts';
import { workerStageMachine } from '../src/kernel/worker-stage-machine.ts';
import { controllerMachine } from '../src/kernel/controller-machine.ts';

/** Checks a machine's states equal Druid's phases and each edge's source is a legal predecessor. */
function expectLegalTransitions(machine: AnyStateMachine, table: Record<string, readonly string[]>): void {
  expect(Object.keys(machine.root.states).sort()).toEqual(Object.keys(table).filter((p) => p !== 'RETRYING').sort());
  const edges: [string, string][] = [];
  for (const [name, node] of Object.entries(machine.root.states)) {
    const transitions = [...node.transitions.values()].flat().concat(node.always ?? []);
    for (const t of transitions) for (const target of t.target ?? []) if (target.key !== name) edges.push([name, target.key]);
  }
  // Machine-level transitions (FAIL / CANCEL) may come from any state.
  for (const t of [...machine.root.transitions.values()].flat()) for (const target of t.target ?? []) for (const name of Object.keys(machine.root.states)) if (name !== target.key && !['FINISHED', 'FAILED'].includes(name)) edges.push([name, target.key]);
  expect(edges.length).toBeGreaterThan(4);
  for (const [from, to] of edges) expect(table[to], `${from} -> ${to}`).toContain(from);
}

/** Records every phase an actor passes through. */
function phasesOf(actor: { subscribe(fn: (s: { value: unknown }) => void): unknown }): string[] {
  const seen: string[] = [];
  actor.subscribe((s) => {
    const v = String(s.value);
    if (seen.at(-1) !== v) seen.push(v);
  });
  return seen;
}

describe('controller stage machine (Druid controller phases)', () => {
  it('goes through MERGING_STATISTICS when the shuffle sorts globally', () => {
    const a = createActor(controllerStageMachine, { input: { stageNumber: 0, gathersStatistics: true } });
    const seen = phasesOf(a);
    a.start();
    a.send({ type: 'START', workerCount: 2, partitionCount: null });
    a.send({ type: 'WORKER_DONE_READING', worker: 0 });
    expect(a.getSnapshot().value).toBe('READING_INPUT');
    a.send({ type: 'WORKER_DONE_READING', worker: 1 });
    expect(a.getSnapshot().value).toBe('MERGING_STATISTICS');
    a.send({ type: 'PARTITIONS_DECIDED', partitionCount: 3 });
    a.send({ type: 'WORKER_RESULTS_COMPLETE', worker: 1 });
    a.send({ type: 'WORKER_RESULTS_COMPLETE', worker: 0 });
    a.send({ type: 'FINISH' });
    expect(seen).toEqual(['NEW', 'READING_INPUT', 'MERGING_STATISTICS', 'POST_READING', 'RESULTS_READY', 'FINISHED']);
    expect(a.getSnapshot().context.partitionCount).toBe(3);
  });

  it('skips MERGING_STATISTICS for hash and mix shuffles (every microstep recorded)', () => {
    const microsteps: string[] = [];
    const a = createActor(controllerStageMachine, {
      input: { stageNumber: 1, gathersStatistics: false },
      inspect: (e) => {
        if (e.type === '@xstate.microstep') microsteps.push(String((e.snapshot as { value: unknown }).value));
      },
    });
    a.start();
    a.send({ type: 'START', workerCount: 1, partitionCount: 1 });
    a.send({ type: 'WORKER_RESULTS_COMPLETE', worker: 0 });
    expect(microsteps).toEqual(['READING_INPUT', 'READING_INPUT', 'POST_READING', 'RESULTS_READY']);
  });

  it('counts a worker once however often it reports', () => {
    const a = createActor(controllerStageMachine, { input: { stageNumber: 0, gathersStatistics: true } }).start();
    a.send({ type: 'START', workerCount: 2, partitionCount: null });
    a.send({ type: 'WORKER_DONE_READING', worker: 0 });
    a.send({ type: 'WORKER_DONE_READING', worker: 0 });
    expect(a.getSnapshot().value).toBe('READING_INPUT');
  });

  it('fails from any running phase and keeps the fault', () => {
    const a = createActor(controllerStageMachine, { input: { stageNumber: 0, gathersStatistics: true } }).start();
    a.send({ type: 'START', workerCount: 1, partitionCount: null });
    a.send({ type: 'FAIL', fault: fault('InsertTimeNull') });
    expect(a.getSnapshot().value).toBe('FAILED');
    expect(a.getSnapshot().context.fault?.errorCode).toBe('InsertTimeNull');
  });

  it("has exactly Druid's phases, and every transition is one Druid allows", () => {
    expectLegalTransitions(controllerStageMachine, CONTROLLER_STAGE_PHASES);
    expectLegalTransitions(workerStageMachine, WORKER_STAGE_PHASES);
  });
});

describe('worker stage machine (Druid worker phases)', () => {
  const worker = (read: () => Promise<void>, needsBoundaries: boolean, workerNumber = 0) => {
    const written: unknown[] = [];
    const driver = { read, write: async (boundaries: unknown) => void written.push(boundaries) };
    return { actor: createActor(workerStageMachine, { input: { stageNumber: 0, workerNumber, needsBoundaries, driver } }), written };
  };

  it('waits for partition boundaries when sorting globally, and writes by them', async () => {
    const { actor: a, written } = worker(async () => {}, true);
    const seen = phasesOf(a);
    a.start().send({ type: 'START' });
    await waitFor(a, (s) => s.value === 'PRESHUFFLE_WAITING_FOR_RESULT_PARTITION_BOUNDARIES');
    a.send({ type: 'PARTITION_BOUNDARIES', boundaries: { partitionCount: 1 } });
    await waitFor(a, (s) => s.value === 'RESULTS_COMPLETE');
    a.send({ type: 'CLEANUP' });
    expect(seen).toEqual(['NEW', 'READING_INPUT', 'PRESHUFFLE_WAITING_FOR_RESULT_PARTITION_BOUNDARIES', 'PRESHUFFLE_WRITING_OUTPUT', 'RESULTS_COMPLETE', 'FINISHED']);
    expect(written).toEqual([{ partitionCount: 1 }]);
  });

  it('goes straight to RESULTS_COMPLETE otherwise', async () => {
    const { actor: a, written } = worker(async () => {}, false);
    a.start().send({ type: 'START' });
    await waitFor(a, (s) => s.value === 'RESULTS_COMPLETE');
    expect(written).toEqual([]);
  });

  it('fails with the fault the reading actor threw', async () => {
    const { actor: a } = worker(async () => Promise.reject(new Error('disk full')), false, 1);
    a.start().send({ type: 'START' });
    const s = await waitFor(a, (x) => x.value === 'FAILED');
    expect(s.context.fault).toMatchObject({ errorCode: 'UnknownError', errorMessage: 'disk full' });
  });
});

describe('controller machine', () => {
  const controller = (runStages: (signal: AbortSignal) => Promise<void>, publish: () => Promise<void>, input: { publishes: boolean; timeout?: number | null }, clock?: SimulatedClock) =>
    createActor(controllerMachine, { input: { taskId: 't', ...input, driver: { runStages, publish } }, ...(clock ? { clock } : {}) });

  it('publishes after the stages of an INSERT', async () => {
    const order: string[] = [];
    const a = controller(async () => void order.push('stages'), async () => void order.push('publish'), { publishes: true }).start();
    const s = await waitFor(a, (x) => x.status === 'done');
    expect(s.value).toBe('SUCCESS');
    expect(order).toEqual(['stages', 'publish']);
  });

  it('does not publish a SELECT', async () => {
    let published = false;
    const a = controller(async () => {}, async () => void (published = true), { publishes: false }).start();
    await waitFor(a, (x) => x.status === 'done');
    expect(published).toBe(false);
  });

  it('cancels running stages: abort fires, Canceled fault, nothing published', async () => {
    const stages = stagesUntilAborted();
    let published = false;
    const a = controller(stages.run, async () => void (published = true), { publishes: true }).start();
    a.send({ type: 'CANCEL' });
    const s = await waitFor(a, (x) => x.status === 'done');
    expect(s.value).toBe('FAILED');
    expect(s.context.fault?.errorCode).toBe('Canceled');
    expect(stages.aborted).toBe(true);
    expect(published).toBe(false);
  });

  it('fails with Canceled (QUERY_TIMEOUT) when the timeout runs out while stages run', async () => {
    const stages = stagesUntilAborted();
    let published = false;
    const clock = new SimulatedClock();
    const a = controller(stages.run, async () => void (published = true), { publishes: true, timeout: 1000 }, clock).start();
    clock.increment(999);
    expect(a.getSnapshot().value).toBe('RUNNING');
    clock.increment(1);
    const s = await waitFor(a, (x) => x.status === 'done');
    expect(s.value).toBe('FAILED');
    expect(s.context.fault).toEqual({ errorCode: 'Canceled', errorMessage: 'Query timed out', reason: 'QUERY_TIMEOUT' });
    expect(stages.aborted).toBe(true);
    expect(published).toBe(false);
  });

  it('has no time limit without a timeout', async () => {
    const clock = new SimulatedClock();
    const a = controller(() => new Promise<void>(() => {}), async () => {}, { publishes: false, timeout: null }, clock).start();
    clock.increment(10 ** 9);
    expect(a.getSnapshot().value).toBe('RUNNING');
    a.stop();
  });
});

/** Stages that run until their abort signal fires, and say whether it did. */
function stagesUntilAborted(): { run: (signal: AbortSignal) => Promise<void>; readonly aborted: boolean } {
  const state = {
    aborted: false,
    run: (signal: AbortSignal) =>
      new Promise<void>((resolve) => {
        signal.addEventListener('abort', () => {
          state.aborted = true;
          resolve();
        });
      }),
  };
  return state;
}
