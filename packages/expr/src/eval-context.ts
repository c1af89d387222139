import type { Frame, FrameColumn } from '@silt/frame';
import { gatherColumn } from '@silt/frame';
import { type Expr, referencedColumns } from './expr.ts';

/**
 * State shared by one `evaluate` call: the instant CURRENT_TIMESTAMP reads, and the evaluator itself
 * (so that conditional forms and fast paths can evaluate sub-expressions without import cycles).
 */
export interface EvalContext {
  /** Epoch millis of CURRENT_TIMESTAMP for this evaluation. */
  readonly now: number;
  /** Evaluates an expression over a whole frame. */
  readonly evaluate: (expr: Expr, frame: Frame) => FrameColumn;
}

const referenced = new WeakMap<Expr, ReadonlySet<string>>();

/** The input columns an expression reads (cached per node). */
export function columnsOf(expr: Expr): ReadonlySet<string> {
  let names = referenced.get(expr);
  if (!names) {
    names = referencedColumns(expr);
    referenced.set(expr, names);
  }
  return names;
}

/**
 * Evaluates `expr` on the given rows of `frame` only (all rows when `rows` is null); the result has
 * one value per entry of `rows`. Only the columns the expression reads are copied. Conditional forms
 * use it so that a branch is computed, and can fail, only on the rows that reach it.
 */
export function evaluateOnRows(expr: Expr, frame: Frame, rows: Int32Array | null, ctx: EvalContext): FrameColumn {
  if (rows === null || rows.length === frame.numRows) return ctx.evaluate(expr, frame);
  const names = columnsOf(expr);
  const signature = frame.signature.filter((c) => names.has(c.name));
  const columns = frame.signature.flatMap((c, i) => (names.has(c.name) ? [gatherColumn(frame.columns[i]!, rows)] : []));
  return ctx.evaluate(expr, { signature, numRows: rows.length, columns });
}

/** Row numbers 0..n-1. */
export function allRows(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}
