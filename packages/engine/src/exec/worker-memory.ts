import { totalmem } from 'node:os';
import { FaultError, fault } from '@silt/common';
import type { StageDefinition } from '../query-definition.ts';
import type { InputSlice } from './input-slices.ts';

/**
 * Worker memory, after Druid's WorkerMemoryParameters. The server gives query processing a memory
 * budget (`--worker-memory`; Druid's is the JVM heap); three quarters of it is usable and is split
 * evenly between the workers a query may run (Druid splits it between the worker slots of a
 * server). Silt runs one stage at a time, so a worker's whole share is the "bundle" of the stage
 * it runs. Out of it come a fifth for broadcast join inputs (BroadcastTablesTooLarge beyond), one
 * processor per upstream partition read at once (its input and output frames plus working
 * memory), and what is left must still hold partition statistics and a minimal sorter (two input
 * frames and an output frame); when it cannot, an SQL task's stage fails with NotEnoughMemory.
 */

/** The memory a server gives to query processing. */
export interface ServerMemory {
  /** Bytes for query processing in this server (Druid: the JVM heap). */
  readonly serverMemory: number;
  /** Threads of the server's processing pool. */
  readonly serverThreads: number;
}

/** What one worker's stage needs memory for. */
export interface StageMemoryDemand {
  /** Partitions of earlier stages the worker reads (each may take a processor of its own). */
  readonly inputPartitions: number;
  /** Channels one processor reads at once: the workers that wrote each input, summed (broadcast and other inputs apart, the larger). */
  readonly inputChannelsPerProcessor: number;
  /** Distinct workers of earlier stages it reads from. */
  readonly inputWorkers: number;
  readonly hasBroadcastInputs: boolean;
  /** The task's largest frame (maxFrameSize); Infinity when it sets none. */
  readonly frameSize: number;
}

/**
 * What a worker reading `slice` for stage `def` needs memory for. `workersOf` and `partitionsOf`
 * give an earlier stage's worker and partition counts; every worker of a stage may have written
 * every partition of it.
 */
export function stageMemoryDemand(def: StageDefinition, slice: InputSlice, frameSize: number, workersOf: (stage: number) => number, partitionsOf: (stage: number) => number): StageMemoryDemand {
  const read = slice.type === 'stage' ? [slice.stage, ...slice.alsoStages.filter((s) => s >= 0)] : [];
  const broadcast = def.broadcast.flatMap((i) => {
    const input = def.input[i];
    return input?.type === 'stage' ? [input.stage] : [];
  });
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    inputPartitions: (slice.type === 'stage' ? slice.partitions.length * read.length : 0) + sum(broadcast.map(partitionsOf)),
    inputChannelsPerProcessor: Math.max(sum(read.map(workersOf)), sum(broadcast.map(workersOf))),
    inputWorkers: Math.max(0, ...[...read, ...broadcast].map(workersOf)),
    hasBroadcastInputs: broadcast.length > 0,
    frameSize,
  };
}

/** Share of the server memory workers may use (Druid's usable memory fraction). */
const USABLE_MEMORY_FRACTION = 0.75;
/** Working memory of each processor beyond its frames. */
const EXTRA_MEMORY_PER_PROCESSOR = 25_000_000;
/** Least memory kept for partition statistics. */
const PARTITION_STATS_MIN_MEMORY = 10_000_000;
/** Share of a worker's memory that may hold broadcast join inputs. */
const BROADCAST_MEMORY_FRACTION = 0.2;
/** Broadcast inputs take more room in memory than their frames: indexes are built over them. */
const BROADCAST_OVERHEAD_RATIO = 1.5;
/** Frames buffered per output channel: one, since shuffles go to local files (durable storage would need two). */
const FRAMES_PER_OUTPUT_CHANNEL = 1;
/** Druid's default frame size, for tasks without a frame limit (native batch). */
const DEFAULT_FRAME_SIZE = 1_000_000;
/** Stages a worker runs at once. */
const MAX_CONCURRENT_STAGES = 1;

/** The server memory when none is configured: half of the machine's, leaving the rest to the OS, the page cache and the server itself. */
export function defaultServerMemory(): number {
  return Math.floor(totalmem() / 2);
}

/** Bytes each of a query's `serverWorkers` workers (at least one) may use. */
export function memoryPerWorker(memory: ServerMemory, serverWorkers: number): number {
  return Math.floor((memory.serverMemory * USABLE_MEMORY_FRACTION) / serverWorkers);
}

/** Bytes of broadcast join inputs one worker may load (BroadcastTablesTooLarge beyond). */
export function broadcastBudget(memory: ServerMemory, serverWorkers: number): number {
  return Math.floor(memoryPerWorker(memory, serverWorkers) * BROADCAST_MEMORY_FRACTION);
}

/**
 * Fails with NotEnoughMemory when a worker's share cannot hold what its stage needs at least.
 * `suggestedServerMemory` is the server memory that would be enough for this stage.
 */
export function checkWorkerMemory(memory: ServerMemory, serverWorkers: number, demand: StageMemoryDemand): void {
  const bundle = memoryPerWorker(memory, serverWorkers);
  const frameSize = Number.isFinite(demand.frameSize) ? demand.frameSize : DEFAULT_FRAME_SIZE;
  const processorMemory = EXTRA_MEMORY_PER_PROCESSOR + demand.inputChannelsPerProcessor * frameSize + frameSize;
  const processors = Math.min(memory.serverThreads, demand.inputPartitions);
  const broadcast = demand.hasBroadcastInputs ? Math.floor(broadcastBudget(memory, serverWorkers) * BROADCAST_OVERHEAD_RATIO) : 0;
  const reserved = processors * processorMemory + broadcast;
  const minimumFree = PARTITION_STATS_MIN_MEMORY + (2 + FRAMES_PER_OUTPUT_CHANNEL) * frameSize;
  if (bundle - reserved >= minimumFree) return;
  const neededPerWorker = (reserved + minimumFree) * MAX_CONCURRENT_STAGES;
  throw new FaultError(
    fault('NotEnoughMemory', {
      suggestedServerMemory: Math.ceil((neededPerWorker * serverWorkers) / USABLE_MEMORY_FRACTION),
      serverMemory: memory.serverMemory,
      usableMemory: bundle,
      serverWorkers,
      serverThreads: memory.serverThreads,
      // Like Druid's report, input workers appear only when the stage reads earlier stages.
      ...(demand.inputWorkers > 0 ? { inputWorkers: demand.inputWorkers } : {}),
      maxConcurrentStages: MAX_CONCURRENT_STAGES,
    }),
  );
}
