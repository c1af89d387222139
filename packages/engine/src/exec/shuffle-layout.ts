import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a query's shuffle files live under its scratch directory:
 * ```
 * stage-{s}/runs/w{worker}-{seq}.frames        unpartitioned output of a globally sorted stage
 * stage-{s}/part-{p}/w{worker}-{seq}.frames    output partition p (one file per producing task)
 * ```
 * Every file holds frames in the frame-file format; files are written once, by one task.
 */
export function runFile(dir: string, stage: number, worker: number, seq: number): string {
  return join(dir, `stage-${stage}`, 'runs', `w${worker}-${String(seq).padStart(6, '0')}.frames`);
}

export function partitionFile(dir: string, stage: number, partition: number, worker: number, seq: number): string {
  return join(partitionDir(dir, stage, partition), `w${worker}-${String(seq).padStart(6, '0')}.frames`);
}

export function partitionDir(dir: string, stage: number, partition: number): string {
  return join(dir, `stage-${stage}`, `part-${partition}`);
}

/** The files of one output partition, in producer order (worker, then sequence). */
export function partitionFiles(dir: string, stage: number, partition: number): string[] {
  const d = partitionDir(dir, stage, partition);
  try {
    return readdirSync(d)
      .sort((a, b) => {
        const [wa, sa] = a.slice(1, -7).split('-').map(Number);
        const [wb, sb] = b.slice(1, -7).split('-').map(Number);
        return wa! - wb! || sa! - sb!;
      })
      .map((f) => join(d, f));
  } catch {
    return [];
  }
}

/** Deletes every shuffle file worker `worker` wrote for a stage (before the worker is retried). */
export function removeWorkerFiles(dir: string, stage: number, worker: number): void {
  const stageDir = join(dir, `stage-${stage}`);
  let subdirs: string[];
  try {
    subdirs = readdirSync(stageDir);
  } catch {
    return;
  }
  for (const sub of subdirs) {
    for (const f of readdirSync(join(stageDir, sub))) if (f.startsWith(`w${worker}-`)) rmSync(join(stageDir, sub, f), { force: true });
  }
}
