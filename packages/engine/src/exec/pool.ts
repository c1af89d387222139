import { availableParallelism } from 'node:os';
import { FaultError } from '@silt/common';
import { ownsBuffer } from '@silt/input';
import { Piscina } from 'piscina';
import type { PoolTask, TaskOutcome } from './pool-tasks.ts';

/** Where the pool's worker script lives: always the built copy (piscina threads run plain JS). */
const WORKER = new URL('../../dist/exec/pool-worker.js', import.meta.url).href;

/**
 * The processing pool: Piscina threads that do the CPU and file work of every stage (parsing,
 * filters and projections, aggregation, shuffling, building segments). See pool-tasks.ts.
 */
export class ProcessingPool {
  private readonly piscina: Piscina;
  readonly threads: number;

  constructor(threads = Math.max(1, availableParallelism())) {
    this.threads = threads;
    this.piscina = new Piscina({ filename: WORKER, minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
  }

  /**
   * Runs a task; a fault the task reports is thrown here as a FaultError. A scan task's input bytes
   * are moved to the thread, not copied: the caller must not read them afterwards.
   */
  async run(task: PoolTask, signal?: AbortSignal): Promise<TaskOutcome> {
    const outcome = (await this.piscina.run(task, { signal, transferList: transferables(task) })) as TaskOutcome;
    if (outcome.fault) throw new FaultError(outcome.fault);
    return outcome;
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}

/**
 * The buffers a task can hand over instead of copying: a chunk's input bytes or encoded frames,
 * when they own their buffer (see `ownsBuffer`). A copy would leave the main thread's buffer to its
 * garbage collector, which, with a small heap, ran rarely enough to let hundreds of MiB of read
 * chunks pile up during a scan.
 */
function transferables(task: PoolTask): ArrayBuffer[] {
  const bytes = task.kind === 'scanChunk' ? [task.chunk.bytes] : task.kind === 'scanFrame' ? [task.frame] : [];
  return bytes.filter(ownsBuffer).map((b) => b.buffer as ArrayBuffer);
}
