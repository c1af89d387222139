import { evaluate, evaluatePredicate, selectedRows } from '@silt/expr';
import { type Frame, columnBuilder, emptyFrame, gatherColumn, gatherFrame, valueAt } from '@silt/frame';
import type { FrameOp } from '../query-definition.ts';
import { hashJoin } from './hash-join.ts';

/** Broadcast inputs by stage-input index (index 0, the main input, is never broadcast). */
export type BroadcastFrames = ReadonlyMap<number, Frame>;

/** Applies filter / project / unnest / broadcast-join ops to a frame, in order. Runs in pool threads. */
export function applyOps(frame: Frame, ops: readonly FrameOp[], broadcast: BroadcastFrames = new Map()): Frame {
  let out = frame;
  for (const op of ops) {
    switch (op.type) {
      case 'filter': {
        if (out.numRows === 0) continue;
        const rows = selectedRows(evaluatePredicate(op.condition, out));
        if (rows.length !== out.numRows) out = gatherFrame(out, rows);
        break;
      }
      case 'project':
        out = { signature: op.signature, numRows: out.numRows, columns: op.columns.map((c) => evaluate(c.expr, out)) };
        break;
      case 'unnest':
        out = unnest(out, op);
        break;
      case 'join': {
        // A broadcast input without rows has no files: join with an empty right side.
        out = hashJoin(out, broadcast.get(op.broadcastInput) ?? emptyFrame(op.rightSignature), op);
        break;
      }
    }
  }
  return out;
}

/** One row per element of the unnested value (arrays and multi-value strings); null or empty gives none. */
function unnest(frame: Frame, op: Extract<FrameOp, { type: 'unnest' }>): Frame {
  const values = evaluate(op.expr, frame);
  const rows: number[] = [];
  const element = columnBuilder(op.signature.at(-1)!.type, frame.numRows);
  for (let r = 0; r < frame.numRows; r++) {
    const v = valueAt(values, r);
    if (v === null || v === undefined) continue;
    const items = Array.isArray(v) ? v : [v];
    for (const item of items) {
      rows.push(r);
      element.add(item);
    }
  }
  return { signature: op.signature, numRows: rows.length, columns: [...frame.columns.map((c) => gatherColumn(c, rows)), element.build()] };
}
