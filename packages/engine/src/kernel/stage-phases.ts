/**
 * Druid's two views of a stage's phases, with their legal predecessors.
 * The controller's view is what reports show; the worker's view is each worker's own progress.
 */
export const CONTROLLER_STAGE_PHASES = {
  NEW: [],
  READING_INPUT: ['NEW'],
  MERGING_STATISTICS: ['READING_INPUT'],
  POST_READING: ['READING_INPUT' /* when sorting locally */, 'MERGING_STATISTICS' /* when sorting globally */],
  RESULTS_READY: ['POST_READING'],
  FINISHED: ['RESULTS_READY'],
  FAILED: ['NEW', 'READING_INPUT', 'MERGING_STATISTICS', 'POST_READING', 'RESULTS_READY'],
  RETRYING: ['READING_INPUT', 'MERGING_STATISTICS', 'POST_READING', 'RESULTS_READY'],
} as const;

export type ControllerStagePhase = keyof typeof CONTROLLER_STAGE_PHASES;

export const WORKER_STAGE_PHASES = {
  NEW: [],
  READING_INPUT: ['NEW'],
  PRESHUFFLE_WAITING_FOR_RESULT_PARTITION_BOUNDARIES: ['READING_INPUT'],
  PRESHUFFLE_WRITING_OUTPUT: ['PRESHUFFLE_WAITING_FOR_RESULT_PARTITION_BOUNDARIES'],
  RESULTS_COMPLETE: ['READING_INPUT', 'PRESHUFFLE_WRITING_OUTPUT'],
  FINISHED: ['RESULTS_COMPLETE'],
  FAILED: ['NEW', 'READING_INPUT', 'PRESHUFFLE_WAITING_FOR_RESULT_PARTITION_BOUNDARIES', 'PRESHUFFLE_WRITING_OUTPUT', 'RESULTS_COMPLETE'],
} as const;

export type WorkerStagePhase = keyof typeof WORKER_STAGE_PHASES;

/** True once a controller-side stage has all of its workers' results. */
export function isDoneReadingInput(phase: ControllerStagePhase): boolean {
  return phase === 'POST_READING' || phase === 'RESULTS_READY' || phase === 'FINISHED';
}

/** True for phases a stage never leaves. */
export function isTerminal(phase: ControllerStagePhase | WorkerStagePhase): boolean {
  return phase === 'FINISHED' || phase === 'FAILED';
}
