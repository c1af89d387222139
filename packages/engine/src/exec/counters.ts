/**
 * Per-stage, per-worker counters in Druid's report shape (`counters[stage][worker]`): channel
 * counters (`input0`, `output`, `shuffle`), `sortProgress`, `segmentGenerationProgress` and
 * `warnings`. Workers add to them while they run, so a report read mid-query shows progress.
 */
export interface ChannelCounter {
  type: 'channel';
  rows: number[];
  bytes: number[];
  frames: number[];
  files?: number[];
  totalFiles?: number[];
}

export interface SortProgressCounter {
  type: 'sortProgress';
  totalMergingLevels: number;
  levelToTotalBatches: Record<string, number>;
  levelToMergedBatches: Record<string, number>;
  totalMergersForUltimateLevel: number;
  progressDigest: number;
}

export interface SegmentGenerationProgressCounter {
  type: 'segmentGenerationProgress';
  rowsProcessed: number;
  rowsPersisted: number;
  rowsMerged: number;
  rowsPushed: number;
}

export interface WarningsCounter {
  type: 'warnings';
  [errorCode: string]: number | string;
}

export interface WorkerCounters {
  input0?: ChannelCounter;
  output?: ChannelCounter;
  shuffle?: ChannelCounter;
  sortProgress?: SortProgressCounter;
  segmentGenerationProgress?: SegmentGenerationProgressCounter;
  warnings?: WarningsCounter;
}

/** All counters of a query: stage number → worker number → counters. */
export class QueryCounters {
  private readonly byStage = new Map<number, Map<number, WorkerCounters>>();
  /** Rows the scans' row ops filtered out (native reports call them thrownAway). */
  thrownAway = 0;

  worker(stage: number, worker: number): WorkerCounters {
    let stageMap = this.byStage.get(stage);
    if (!stageMap) this.byStage.set(stage, (stageMap = new Map()));
    let w = stageMap.get(worker);
    if (!w) stageMap.set(worker, (w = {}));
    return w;
  }

  /** Forgets a worker's counters (its failed attempt is retried from scratch). */
  resetWorker(stage: number, worker: number): void {
    this.byStage.get(stage)?.delete(worker);
  }

  channel(stage: number, worker: number, name: 'input0' | 'output' | 'shuffle'): ChannelCounter {
    const w = this.worker(stage, worker);
    return (w[name] ??= { type: 'channel', rows: [0], bytes: [0], frames: [0] });
  }

  /** Adds one warning of `errorCode` for a worker. */
  warn(stage: number, worker: number, errorCode: string): void {
    const w = this.worker(stage, worker);
    w.warnings ??= { type: 'warnings' };
    w.warnings[errorCode] = Number(w.warnings[errorCode] ?? 0) + 1;
  }

  /** Counters as the report prints them. */
  toJSON(): Record<string, Record<string, WorkerCounters>> {
    const out: Record<string, Record<string, WorkerCounters>> = {};
    for (const [stage, workers] of [...this.byStage].sort((a, b) => a[0] - b[0])) {
      out[String(stage)] = {};
      for (const [worker, c] of [...workers].sort((a, b) => a[0] - b[0])) out[String(stage)]![String(worker)] = structuredClone(c);
    }
    return out;
  }
}

/** Adds a frame's rows and bytes to a channel counter. */
export function countFrame(counter: ChannelCounter, rows: number, bytes: number): void {
  counter.rows[0]! += rows;
  counter.bytes[0]! += bytes;
  counter.frames[0]! += 1;
}
