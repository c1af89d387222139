import { type Fault, FaultError, fault, toFault } from '@silt/common';
import { type Actor, createActor } from 'xstate';
import { controllerStageMachine } from '../kernel/controller-stage-machine.ts';
import { workerStageMachine } from '../kernel/worker-stage-machine.ts';
import { mustGatherResultKeyStatistics } from '../query-definition.ts';
import type { StageDefinition } from '../query-definition.ts';
import type { PartitionBoundaries } from './key-statistics.ts';
import type { StageWorker } from './stage-worker.ts';

type WorkerActor = Actor<typeof workerStageMachine>;

/** How a stage runs its workers. */
export interface StageRunOptions {
  /** Workers running their input at once (native maxNumConcurrentSubTasks); the rest wait. */
  readonly concurrency: number;
  /** Times a failed worker is started again before the stage fails (native maxRetry). */
  readonly maxRetry: number;
  /** Makes worker `w` afresh (first run and retries), after clearing what a failed attempt wrote. */
  readonly makeWorker: (workerNumber: number, attempt: number) => StageWorker;
}

/** One finished attempt of a worker (what a supervisor's subtask history shows). */
export interface WorkerAttempt {
  readonly attempt: number;
  readonly state: 'SUCCESS' | 'FAILED';
  readonly fault: Fault | null;
  readonly endTime: number;
}

const READ_DONE = new Set(['PRESHUFFLE_WAITING_FOR_RESULT_PARTITION_BOUNDARIES', 'RESULTS_COMPLETE', 'PRESHUFFLE_WRITING_OUTPUT', 'FINISHED']);

/**
 * One running stage: the controller's stage tracker plus one worker-stage actor per worker. Worker
 * phase changes are forwarded to the tracker as events; the tracker's phase is what reports show.
 * At most `concurrency` workers read at once; a failed worker is retried up to `maxRetry` times
 * before the stage fails.
 */
export class StageRun {
  readonly tracker: Actor<typeof controllerStageMachine>;
  readonly workers: StageWorker[] = [];
  readonly workerActors: WorkerActor[] = [];
  /** Finished attempts per worker, oldest first. */
  readonly history: WorkerAttempt[][];
  readonly startTime = Date.now();
  endTime: number | null = null;
  private readonly started: boolean[];
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly def: StageDefinition,
    workerCount: number,
    partitionCount: number | null,
    private readonly options: StageRunOptions,
  ) {
    this.tracker = createActor(controllerStageMachine, { input: { stageNumber: def.stageNumber, gathersStatistics: mustGatherResultKeyStatistics(def.shuffleSpec) } });
    this.tracker.start();
    this.tracker.send({ type: 'START', workerCount, partitionCount });
    this.history = Array.from({ length: workerCount }, () => []);
    this.started = new Array<boolean>(workerCount).fill(false);
    for (let w = 0; w < workerCount; w++) this.attach(w, 0);
  }

  /** Starts workers (up to the concurrency) and resolves when all have read their input (or rejects on a failure). */
  async readAll(signal: AbortSignal): Promise<void> {
    this.startWaiting();
    await this.until(signal, (phase) => READ_DONE.has(phase));
  }

  /** Sends boundaries to every worker and resolves when all have written their partitions. */
  async writeAll(boundaries: PartitionBoundaries, signal: AbortSignal): Promise<void> {
    this.tracker.send({ type: 'PARTITIONS_DECIDED', partitionCount: boundaries.partitionCount });
    for (const a of this.workerActors) a.send({ type: 'PARTITION_BOUNDARIES', boundaries });
    await this.until(signal, (phase) => phase === 'RESULTS_COMPLETE' || phase === 'FINISHED');
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

  /** Creates worker `w`'s StageWorker and actor for an attempt, wired to the tracker. */
  private attach(w: number, attempt: number): void {
    const worker = this.options.makeWorker(w, attempt);
    const actor = createActor(workerStageMachine, { input: { stageNumber: this.def.stageNumber, workerNumber: w, needsBoundaries: mustGatherResultKeyStatistics(this.def.shuffleSpec), driver: worker } });
    this.workers[w] = worker;
    this.workerActors[w] = actor;
    let last = 'NEW';
    actor.subscribe((snap) => {
      if (this.workerActors[w] !== actor) return;
      const phase = String(snap.value);
      if (phase !== last) {
        last = phase;
        if (phase === 'PRESHUFFLE_WAITING_FOR_RESULT_PARTITION_BOUNDARIES') this.tracker.send({ type: 'WORKER_DONE_READING', worker: w });
        if (phase === 'RESULTS_COMPLETE') {
          this.history[w]!.push({ attempt, state: 'SUCCESS', fault: null, endTime: Date.now() });
          this.tracker.send({ type: 'WORKER_RESULTS_COMPLETE', worker: w });
        }
        if (phase === 'FAILED' && snap.context.fault?.errorCode !== 'Canceled') this.onWorkerFailed(w, attempt, snap.context.fault);
        if (READ_DONE.has(phase)) this.startWaiting();
      }
      this.changed();
    });
    if (this.started[w]) actor.start().send({ type: 'START' });
  }

  private onWorkerFailed(w: number, attempt: number, f: Fault | null): void {
    this.history[w]!.push({ attempt, state: 'FAILED', fault: f, endTime: Date.now() });
    if (attempt < this.options.maxRetry) {
      // Retry the worker from scratch; it counts as running again.
      this.attach(w, attempt + 1);
      return;
    }
    if (f) this.tracker.send({ type: 'FAIL', fault: f });
  }

  /** Starts waiting workers while fewer than `concurrency` are reading. */
  private startWaiting(): void {
    let reading = this.workerActors.filter((a, w) => this.started[w] && !READ_DONE.has(String(a.getSnapshot().value))).length;
    for (let w = 0; w < this.workerActors.length && reading < this.options.concurrency; w++) {
      if (this.started[w]) continue;
      this.started[w] = true;
      this.workerActors[w]!.start().send({ type: 'START' });
      reading++;
    }
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  private until(signal: AbortSignal, done: (phase: string) => boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const settle = (err?: unknown) => {
        this.listeners.delete(check);
        signal.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve();
      };
      const onAbort = () => settle(new FaultError(fault('Canceled')));
      const check = () => {
        const snaps = this.workerActors.map((a) => a.getSnapshot());
        const failed = snaps.find((s) => s.value === 'FAILED');
        if (failed) return settle(new FaultError(failed.context.fault ?? toFault(new Error('worker failed'))));
        if (snaps.every((s, w) => this.started[w] && done(String(s.value)))) settle();
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort);
      this.listeners.add(check);
      check();
    });
  }
}
