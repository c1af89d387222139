import { FaultError, fault, invalidInput } from '@silt/common';
import type { InputSplit } from './input-split.ts';

/** MSQ's default `maxInputBytesPerWorker` (query context): 512 MiB. */
export const DEFAULT_MAX_INPUT_BYTES_PER_WORKER = 512 * 1024 ** 2;
/** MSQ's limit on input files (or segments) one worker may read: 10,000. */
export const MAX_INPUT_FILES_PER_WORKER = 10_000;

/** How to spread splits over the workers of a stage (MSQ's `taskAssignment`). */
export interface WorkerAssignmentOptions {
  /** Most workers the stage may use (`maxNumTasks` - 1 in MSQ). */
  readonly maxWorkers: number;
  /**
   * `max`: use as many workers as possible (one per split, up to `maxWorkers`), balancing bytes.
   * `auto`: use as few workers as possible while each stays within `maxInputBytesPerWorker` and
   * `maxInputFilesPerWorker`, never more than `maxWorkers`.
   */
  readonly mode: 'max' | 'auto';
  /** Byte budget per worker in `auto` mode; a guideline, exceeded when `maxWorkers` forces it. Default 512 MiB. */
  readonly maxInputBytesPerWorker?: number;
  /** File budget per worker; also the hard limit checked in both modes. Default 10,000. */
  readonly maxInputFilesPerWorker?: number;
}

/**
 * Assigns splits (one input file, object, query or segment each) to workers as MSQ's worker assignment
 * strategies do, returning one list of splits per worker used, each in input order:
 * - `max`: with at most `maxWorkers` splits, one worker per split; otherwise exactly `maxWorkers`
 *   workers, each split going to the worker with the fewest bytes so far (ties to the lower worker).
 * - `auto`: starting from one worker, each split goes to the worker with the fewest bytes, unless that
 *   worker already has files and would pass `maxInputBytesPerWorker` bytes or `maxInputFilesPerWorker`
 *   files with it; then a new worker is added, while there are fewer than `maxWorkers`.
 * No splits give one worker with nothing to read.
 *
 * @throws FaultError (TooManyInputFiles) when a worker would get more than `maxInputFilesPerWorker`
 *   files even with every worker in use (numInputFiles: the first such worker's files, minNumWorkers:
 *   the workers they alone would need); DruidError (invalidInput) for invalid options.
 * @example
 * assignSplitsToWorkers(splits, { maxWorkers: 4, mode: 'auto' }); // e.g. [[s0, s2], [s1]]
 */
export function assignSplitsToWorkers(splits: readonly InputSplit[], options: WorkerAssignmentOptions): InputSplit[][] {
  const maxWorkers = positiveInteger(options.maxWorkers, 'maxWorkers');
  const maxBytes = positiveInteger(options.maxInputBytesPerWorker ?? DEFAULT_MAX_INPUT_BYTES_PER_WORKER, 'maxInputBytesPerWorker');
  const maxFiles = positiveInteger(options.maxInputFilesPerWorker ?? MAX_INPUT_FILES_PER_WORKER, 'maxInputFilesPerWorker');
  if (splits.length === 0) return [[]];
  let workers: InputSplit[][];
  if (options.mode === 'max') {
    workers = splits.length <= maxWorkers ? splits.map((s) => [s]) : spreadStatic(splits, maxWorkers);
  } else if (options.mode === 'auto') {
    workers = spreadDynamic(splits, maxWorkers, maxFiles, maxBytes);
  } else {
    throw invalidInput(`Invalid taskAssignment [${String(options.mode)}]: expected [max] or [auto]`);
  }
  // Druid validates each work order as it makes them, in worker order: the fault counts the files of
  // the first worker over the limit, and the workers those files alone would need.
  const over = workers.find((w) => w.length > maxFiles);
  if (over) {
    throw new FaultError(fault('TooManyInputFiles', { numInputFiles: over.length, maxInputFiles: maxFiles, minNumWorkers: Math.ceil(over.length / maxFiles) }));
  }
  return workers;
}

/** `n` workers; each split goes to the lightest (ties: the lowest-numbered). */
function spreadStatic(splits: readonly InputSplit[], n: number): InputSplit[][] {
  const workers = Array.from({ length: n }, (): InputSplit[] => []);
  const heap = new WorkerHeap();
  for (let i = 0; i < n; i++) heap.push({ weight: 0, position: i });
  for (const split of splits) {
    const lightest = heap.pop()!;
    workers[lightest.position]!.push(split);
    heap.push({ weight: lightest.weight + split.size, position: lightest.position });
  }
  return workers;
}

/** As few workers as the limits allow, at most `maxWorkers` (Druid's dynamic slicing). */
function spreadDynamic(splits: readonly InputSplit[], maxWorkers: number, maxFiles: number, maxBytes: number): InputSplit[][] {
  const workers: InputSplit[][] = [];
  const heap = new WorkerHeap();
  for (const split of splits) {
    let lightest = heap.pop();
    if (!lightest) {
      lightest = { weight: 0, position: workers.push([]) - 1 };
    } else {
      const count = workers[lightest.position]!.length;
      if (count > 0 && workers.length < maxWorkers && (lightest.weight + split.size > maxBytes || count >= maxFiles)) {
        heap.push(lightest);
        lightest = { weight: 0, position: workers.push([]) - 1 };
      }
    }
    workers[lightest.position]!.push(split);
    heap.push({ weight: lightest.weight + split.size, position: lightest.position });
  }
  return workers;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw invalidInput(`Invalid ${name} [${value}]: must be a positive integer`);
  return value;
}

interface WorkerLoad {
  readonly weight: number;
  readonly position: number;
}

/** A binary min-heap of worker loads, ordered by weight, then position. */
class WorkerHeap {
  private readonly items: WorkerLoad[] = [];

  push(item: WorkerLoad): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): WorkerLoad | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let least = i;
        if (left < items.length && before(items[left]!, items[least]!)) least = left;
        if (right < items.length && before(items[right]!, items[least]!)) least = right;
        if (least === i) break;
        [items[i], items[least]] = [items[least]!, items[i]!];
        i = least;
      }
    }
    return top;
  }
}

function before(a: WorkerLoad, b: WorkerLoad): boolean {
  return a.weight < b.weight || (a.weight === b.weight && a.position < b.position);
}
