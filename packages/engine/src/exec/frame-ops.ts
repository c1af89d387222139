import { evaluate, evaluatePredicate, selectedRows } from '@silt/expr';
import { type Frame, gatherFrame } from '@silt/frame';
import type { FrameOp } from '../query-definition.ts';

/** Applies filter / project ops to a frame, in order. Runs in pool threads and on the main thread. */
export function applyOps(frame: Frame, ops: readonly FrameOp[]): Frame {
  let out = frame;
  for (const op of ops) {
    if (out.numRows === 0 && op.type === 'filter') continue;
    if (op.type === 'filter') {
      const mask = evaluatePredicate(op.condition, out);
      const rows = selectedRows(mask);
      if (rows.length !== out.numRows) out = gatherFrame(out, rows);
    } else {
      out = { signature: op.signature, numRows: out.numRows, columns: op.columns.map((c) => evaluate(c.expr, out)) };
    }
  }
  return out;
}
