import { type Expr, evaluate, evaluatePredicate, selectedRows } from '@silt/expr';
import { type Frame, columnBuilder, columnIndex, compactDictionaries, emptyFrame, gatherColumn, gatherFrame, sortPermutation, valueAt } from '@silt/frame';
import type { FrameOp, ResultsSpec, SortColumn } from '../query-definition.ts';
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

/**
 * One row per element of the unnested value. A true array that is null or empty gives no row; a
 * multi-value string column (`UNNEST(MV_TO_ARRAY(dim))`, or the column itself) gives one NULL row
 * for a row without values, as Druid's dimension unnest does.
 */
export function unnest(frame: Frame, op: Extract<FrameOp, { type: 'unnest' }>): Frame {
  const values = evaluate(op.expr, frame);
  const nullRow = isMultiValueColumn(op.expr);
  const rows: number[] = [];
  const element = columnBuilder(op.signature.at(-1)!.type, frame.numRows);
  for (let r = 0; r < frame.numRows; r++) {
    const v = valueAt(values, r);
    const items = v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];
    if (items.length === 0 && nullRow) {
      rows.push(r);
      element.add(null);
    }
    for (const item of items) {
      rows.push(r);
      element.add(item);
    }
  }
  return { signature: op.signature, numRows: rows.length, columns: [...frame.columns.map((c) => gatherColumn(c, rows)), element.build()] };
}

/** A string column read directly or through MV_TO_ARRAY: Druid unnests it as a dimension. */
function isMultiValueColumn(expr: Expr): boolean {
  const column = expr.kind === 'call' && expr.fn.toUpperCase() === 'MV_TO_ARRAY' && expr.args.length === 1 ? expr.args[0]! : expr;
  return column.kind === 'column' && column.type === 'STRING';
}

/**
 * Rows `from` (inclusive) to `to` (exclusive) of `frame` in `sort` order (columns by name). A cut
 * whose dictionary is oversized (more than twice its rows) keeps only the entries its rows use, so a
 * LIMIT's few rows travel light.
 */
export function sortedSlice(frame: Frame, sort: readonly SortColumn[], from: number, to: number): Frame {
  const keys = sort.map((k) => ({ column: columnIndex(frame, k.column), descending: k.descending }));
  const order = sortPermutation(frame, keys);
  const rows = order.subarray(Math.min(from, order.length), Math.min(to, order.length));
  return rows.length < frame.numRows ? compactDictionaries(gatherFrame(frame, rows)) : gatherFrame(frame, rows);
}

/** A results stage's rows: sorted, cut to OFFSET / LIMIT, then its ops (the final projection). */
export function resultRows(frame: Frame, spec: ResultsSpec): Frame {
  const end = spec.limit === null ? frame.numRows : spec.offset + spec.limit;
  return applyOps(sortedSlice(frame, spec.sort, spec.offset, end), spec.ops);
}
