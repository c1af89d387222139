import type { ColumnType, RowSignature } from '@silt/common';
import { type Frame, type FrameColumn, frameFromRows, valueAt } from '@silt/frame';
import { type Expr, call, columnRef, evaluate, literal } from '../src/index.ts';

/** A frame from column definitions and row arrays. */
export function frame(columns: Record<string, ColumnType>, rows: unknown[][]): Frame {
  const signature: RowSignature = Object.entries(columns).map(([name, type]) => ({ name, type }));
  return frameFromRows(signature, rows);
}

/** All values of a column. */
export function values(column: FrameColumn, n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => valueAt(column, i));
}

/** Evaluates an expression over a frame and returns its values. */
export function run(expr: Expr, f: Frame): unknown[] {
  return values(evaluate(expr, f), f.numRows);
}

/** A one-row frame with no columns, for constant expressions. */
export const ONE: Frame = { signature: [], numRows: 1, columns: [] };

/** Evaluates a constant expression to its single value. */
export function scalar(expr: Expr): unknown {
  return run(expr, ONE)[0];
}

export const s = (v: string | null): Expr => literal(v, 'STRING');
export const n = (v: number | null): Expr => literal(v, 'LONG');
export const d = (v: number | null): Expr => literal(v, 'DOUBLE');
export const col = columnRef;
export const fn = call;
