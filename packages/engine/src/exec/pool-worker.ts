/**
 * Entry point of the processing pool's threads (loaded by Piscina from dist/). Runs one task and
 * returns its outcome; see pool-tasks.ts.
 */
import { Piscina } from 'piscina';
import { type PoolTask, type TaskOutcome, runPoolTask } from './pool-tasks.ts';

export default function run(task: PoolTask): TaskOutcome {
  const outcome = runPoolTask(task);
  if (task.kind !== 'scanChunk' || !(task.chunk.bytes.buffer instanceof ArrayBuffer)) return outcome;
  // The chunk was parsed and its rows written: its buffer goes back to the reader for the next chunk.
  return moved({ ...outcome, spentInput: task.chunk.bytes.buffer }, task.chunk.bytes.buffer);
}

/** `value`, sent back with `buffer` moved instead of copied (Piscina's transferable protocol). */
function moved(value: TaskOutcome, buffer: ArrayBuffer): TaskOutcome {
  const transfer = { [Piscina.transferableSymbol]: [buffer], [Piscina.valueSymbol]: value };
  return Piscina.move(transfer as unknown as Parameters<typeof Piscina.move>[0]) as unknown as TaskOutcome;
}
