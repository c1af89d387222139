/**
 * Entry point of the processing pool's threads (loaded by Piscina from dist/). Runs one task and
 * returns its outcome; see pool-tasks.ts.
 */
import { type PoolTask, type TaskOutcome, runPoolTask } from './pool-tasks.ts';

export default function run(task: PoolTask): TaskOutcome {
  return runPoolTask(task);
}
