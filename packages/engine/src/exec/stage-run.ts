import { type Fault, FaultError, fault, toFault } from '@silt/common';
import { type Actor, createActor, fromPromise } from 'xstate';
import { controllerStageMachine } from '../kernel/controller-stage-machine.ts';
import { workerStageMachine } from '../kernel/worker-stage-machine.ts';
import { mustGatherResultKeyStatistics } from '../query-definition.ts';
import type { StageDefinition } from '../query-definition.ts';
import type { PartitionBoundaries } from './key-statistics.ts';
import type { StageWorker } from './stage-worker.ts';

type WorkerActor = Actor<typeof workerStageMachine>;

/**
 * One running stage: the controller's stage tracker plus one worker-stage actor per worker. Worker
 * phase changes are forwarded to the tracker as events; the tracker's phase is what reports show.
 */
export class StageRun {
  readonly tracker: Actor<typeof controllerStageMachine>;
  readonly workerActors: WorkerActor[];
  readonly startTime = Date.now();
  endTime: number | null = null;

  constructor(
    readonly def: StageDefinition,
    readonly workers: readonly StageWorker[],
    partitionCount: number | null,
  ) {
    this.tracker = createActor(controllerStageMachine, { input: { stageNumber: def.stageNumber, gathersStatistics: mustGatherResultKeyStatistics(def.shuffleSpec) } });
    this.tracker.start();
    this.tracker.send({ type: 'START', workerCount: workers.length, partitionCount });
    const needsBoundaries = mustGatherResultKeyStatistics(def.shuffleSpec);
    this.workerActors = workers.map((worker, workerNumber) => {
      const logic = workerStageMachine.provide({
        actors: {
          readInput: fromPromise(() => worker.read()),
          writeOutput: fromPromise<void, { stageNumber: number; workerNumber: number; boundaries?: unknown }>(({ input }) => worker.write(input.boundaries as PartitionBoundaries)),
        },
      });
      const actor = createActor(logic, { input: { stageNumber: def.stageNumber, workerNumber, needsBoundaries } });
      let last = 'NEW';
      actor.subscribe((snap) => {
        const phase = String(snap.value);
        if (phase === last) return;
        last = phase;
        if (phase === 'PRESHUFFLE_WAITING_FOR_RESULT_PARTITION_BOUNDARIES') this.tracker.send({ type: 'WORKER_DONE_READING', worker: workerNumber });
        if (phase === 'RESULTS_COMPLETE') this.tracker.send({ type: 'WORKER_RESULTS_COMPLETE', worker: workerNumber });
        if (phase === 'FAILED' && snap.context.fault) this.tracker.send({ type: 'FAIL', fault: snap.context.fault });
      });
      return actor;
    });
  }

  /** Starts every worker and resolves when all have read their input (or rejects on a failure). */
  async readAll(signal: AbortSignal): Promise<void> {
    for (const a of this.workerActors) a.start().send({ type: 'START' });
    await this.until(signal, (phase) => phase === 'PRESHUFFLE_WAITING_FOR_RESULT_PARTITION_BOUNDARIES' || phase === 'RESULTS_COMPLETE');
  }

  /** Sends boundaries to every worker and resolves when all have written their partitions. */
  async writeAll(boundaries: PartitionBoundaries, signal: AbortSignal): Promise<void> {
    this.tracker.send({ type: 'PARTITIONS_DECIDED', partitionCount: boundaries.partitionCount });
    for (const a of this.workerActors) a.send({ type: 'PARTITION_BOUNDARIES', boundaries });
    await this.until(signal, (phase) => phase === 'RESULTS_COMPLETE');
  }

  /** The consumer is done with this stage's output: every machine reaches FINISHED. */
  finish(): void {
    for (const a of this.workerActors) a.send({ type: 'CLEANUP' });
    this.tracker.send({ type: 'FINISH' });
  }

  /** Fails the stage (cancel or another stage's failure). */
  fail(f: Fault): void {
    for (const a of this.workerActors) a.send({ type: 'CANCEL', fault: f });
    this.tracker.send({ type: 'FAIL', fault: f });
    this.endTime ??= Date.now();
  }

  get phase(): string {
    return String(this.tracker.getSnapshot().value);
  }

  private until(signal: AbortSignal, done: (phase: string) => boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const subs: { unsubscribe(): void }[] = [];
      const settle = (err?: unknown) => {
        for (const s of subs) s.unsubscribe();
        signal.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve();
      };
      const onAbort = () => settle(new FaultError(fault('Canceled')));
      const check = () => {
        const phases = this.workerActors.map((a) => a.getSnapshot());
        const failed = phases.find((s) => s.value === 'FAILED');
        if (failed) return settle(new FaultError(failed.context.fault ?? toFault(new Error('worker failed'))));
        if (phases.every((s) => done(String(s.value)))) settle();
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort);
      for (const a of this.workerActors) subs.push(a.subscribe({ next: check, error: (e) => settle(e) }));
      check();
    });
  }
}
