import { FaultError } from '@silt/common';
import { describe, expect, it } from 'vitest';
import type { StageDefinition } from '../src/query-definition.ts';
import { broadcastBudget, checkWorkerMemory, memoryPerWorker, stageMemoryDemand } from '../src/exec/worker-memory.ts';

const GB = { serverMemory: 1_000_000_000, serverThreads: 4 };

function stage(input: StageDefinition['input'], broadcast: number[] = []): StageDefinition {
  return { id: 's', stageNumber: 3, input, broadcast, processor: { type: 'scan', ops: [] } as unknown as StageDefinition['processor'], signature: [], shuffleSpec: null, maxWorkerCount: 4 };
}

function faultOf(run: () => void): Record<string, unknown> {
  try {
    run();
  } catch (e) {
    if (e instanceof FaultError) return { ...e.fault };
    throw e;
  }
  throw new Error('no fault');
}

describe('worker memory', () => {
  it('gives each worker three quarters of the server memory divided by the workers, a fifth of it for broadcast inputs', () => {
    expect(memoryPerWorker(GB, 1)).toBe(750_000_000);
    expect(memoryPerWorker(GB, 3)).toBe(250_000_000);
    expect(broadcastBudget(GB, 1)).toBe(150_000_000);
  });

  it('counts the partitions, channels and workers a worker reads from earlier stages', () => {
    const workers = new Map([[0, 3], [1, 2], [2, 5]]);
    const partitions = new Map([[2, 7]]);
    const sortMerge = stage([{ type: 'stage', stage: 0 }, { type: 'stage', stage: 1 }, { type: 'stage', stage: 2 }], [2]);
    const demand = stageMemoryDemand(sortMerge, { type: 'stage', stage: 0, alsoStages: [1], partitions: [0, 2, 4] }, 1_000_000, (s) => workers.get(s)!, (s) => partitions.get(s) ?? 0);
    // Three partitions of each of two stages, plus all seven of the broadcast stage.
    expect(demand).toEqual({ inputPartitions: 13, inputChannelsPerProcessor: 5, inputWorkers: 5, hasBroadcastInputs: true, frameSize: 1_000_000 });
    const external = stageMemoryDemand(stage([{ type: 'external', inputSource: {}, inputFormat: {}, signature: [] }]), { type: 'external', splits: [] }, Infinity, () => 1, () => 1);
    expect(external).toEqual({ inputPartitions: 0, inputChannelsPerProcessor: 0, inputWorkers: 0, hasBroadcastInputs: false, frameSize: Infinity });
  });

  it('fails with NotEnoughMemory, suggesting enough server memory, when the processors leave too little free', () => {
    const demand = { inputPartitions: 8, inputChannelsPerProcessor: 2, inputWorkers: 2, hasBroadcastInputs: true, frameSize: 1_000_000 };
    // Four processors of 28 MB, 30% of the share for broadcast, 13 MB free at least.
    expect(() => checkWorkerMemory({ serverMemory: 300_000_000, serverThreads: 4 }, 1, demand)).not.toThrow();
    const f = faultOf(() => checkWorkerMemory({ serverMemory: 150_000_000, serverThreads: 4 }, 2, demand));
    expect(f).toMatchObject({ errorCode: 'NotEnoughMemory', serverMemory: 150_000_000, usableMemory: 56_250_000, serverWorkers: 2, serverThreads: 4, inputWorkers: 2, maxConcurrentStages: 1 });
    // (4 × 28 MB + 30% of 56.25 MB + 13 MB) per worker, for two workers, over 0.75.
    expect(f.suggestedServerMemory).toBe(Math.ceil(((112_000_000 + 16_875_000 + 13_000_000) * 2) / 0.75));
    expect(f.errorMessage).toMatch(/^Not enough memory\. This configuration needs a server memory of at least 378,333,334 bytes\. .*fewer workers \(maxNumTasks\)\.$/);
  });

  it('sizes tasks without a frame limit with Druid default frame size', () => {
    const f = faultOf(() => checkWorkerMemory({ serverMemory: 10_000_000, serverThreads: 1 }, 1, { inputPartitions: 0, inputChannelsPerProcessor: 0, inputWorkers: 0, hasBroadcastInputs: false, frameSize: Infinity }));
    expect(f.suggestedServerMemory).toBe(Math.ceil(13_000_000 / 0.75));
    expect(f).not.toHaveProperty('inputWorkers');
  });
});
