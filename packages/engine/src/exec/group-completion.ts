/**
 * Finishing a GROUP BY from its groups: the merge stage's ops over the final groups, then the
 * results stage's. Pool tasks finish a GROUP BY they read whole; the stage worker combines the
 * partial groups of a segment read in parts.
 */
import type { Frame } from '@silt/frame';
import type { FrameOp, GroupByCompletion } from '../query-definition.ts';
import { applyOps, resultRows } from './frame-ops.ts';
import { GroupByTable } from './group-by.ts';
import { type NullBytePolicy, applyNullBytePolicy } from './null-bytes.ts';

/** A GROUP BY's result rows: its final groups, then the merge stage's ops and the results stage's. */
export function completedRows(table: GroupByTable, completion: GroupByCompletion, nullBytes: NullBytePolicy): Frame {
  return applyNullBytePolicy(resultRows(mergedGroups(table, completion.mergeOps, nullBytes), completion.results), nullBytes);
}

/** A merge stage's rows: the final groups, then its ops (HAVING, projection). */
export function mergedGroups(table: GroupByTable, ops: readonly FrameOp[], nullBytes: NullBytePolicy): Frame {
  // Every group is checked, as every group is written before a LIMIT applies.
  return applyNullBytePolicy(applyOps(table.finalFrame(), ops), nullBytes);
}

/** A GROUP BY's result rows from the partial groups of the tasks that read its rows in parts. */
export function combinedRows(partials: readonly Frame[], completion: GroupByCompletion, nullBytes: NullBytePolicy): Frame {
  const table = new GroupByTable(completion.groupBy);
  for (const partial of partials) table.combine(partial);
  return completedRows(table, completion, nullBytes);
}
