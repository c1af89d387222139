import { invalidInput, isNumericType } from '@silt/common';
import type { Frame, FrameColumn } from '@silt/frame';
import { columnIndex } from '@silt/frame';
import type { Call, ColumnRef, Expr } from './expr.ts';
import { columnReader, columnWriter, constantColumn } from './column-writer.ts';
import { CONDITIONAL_FORMS, TRUE, truthValues } from './conditional-forms.ts';
import { evaluateByDictionary } from './dictionary-path.ts';
import type { EvalContext } from './eval-context.ts';
import { applyOverValues } from './multi-value.ts';
import { numericKernel, timeKernel } from './numeric-kernels.ts';
import { SCALAR_TABLE } from './scalar/function-table.ts';
import { timeParseKernel } from './time-parse-kernel.ts';
import { castValue } from './values.ts';

/**
 * Evaluates an expression over every row of a frame, vectorised: the result holds one value per row,
 * as a column whose kind follows `expr.type` (numeric for LONG/FLOAT/DOUBLE, string for STRING, object
 * otherwise). A plain column reference returns the input column itself. SQL NULL semantics apply.
 * Multi-value string rows (arrays in a STRING-typed object column) follow Druid: string functions
 * apply to each value, comparisons / LIKE / IN match when any value matches (`<>` when none is
 * equal), array and multi-value functions see the whole row (see MultiValueMode).
 * A column the frame lacks reads as NULL. Throws an invalid-input error for an unknown function.
 *
 * @example
 * const frame = frameFromRows([{ name: 'x', type: 'LONG' }], [[7], [2]]);
 * evaluate(call('/', [columnRef('x', 'LONG'), literal(2, 'LONG')], 'LONG'), frame); // values 3, 1
 */
export function evaluate(expr: Expr, frame: Frame): FrameColumn {
  const ctx: EvalContext = { now: Date.now(), evaluate: (e, f) => evaluateExpr(e, f, ctx) };
  return evaluateExpr(expr, frame, ctx);
}

/**
 * Evaluates a boolean expression as a filter: `mask[i] = 1` when row i is TRUE; NULL and FALSE rows
 * are dropped, as in a SQL WHERE clause.
 */
export function evaluatePredicate(expr: Expr, frame: Frame): Uint8Array {
  const truth = truthValues(evaluate(expr, frame));
  for (let i = 0; i < truth.length; i++) truth[i] = truth[i] === TRUE ? 1 : 0;
  return truth;
}

/** The row numbers a mask selects, in order. */
export function selectedRows(mask: Uint8Array): Int32Array {
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i] === 1 ? 1 : 0;
  const rows = new Int32Array(count);
  for (let i = 0, k = 0; i < mask.length; i++) if (mask[i] === 1) rows[k++] = i;
  return rows;
}

function evaluateExpr(expr: Expr, frame: Frame, ctx: EvalContext): FrameColumn {
  switch (expr.kind) {
    case 'column':
      return evaluateColumn(expr, frame);
    case 'literal':
      return constantColumn(expr.value, expr.type, frame.numRows);
    case 'call':
      return evaluateByDictionary(expr, frame, (c, f) => evaluateCall(c, f, ctx)) ?? evaluateCall(expr, frame, ctx);
  }
}

function evaluateColumn(ref: ColumnRef, frame: Frame): FrameColumn {
  const index = columnIndex(frame, ref.name);
  if (index < 0) return constantColumn(null, ref.type, frame.numRows);
  const column = frame.columns[index]!;
  const compatible = isNumericType(ref.type) ? column.kind === 'numeric' : ref.type === 'STRING' ? column.kind !== 'numeric' : column.kind === 'object';
  if (compatible) return column;
  const from = frame.signature[index]!.type;
  const read = columnReader(column);
  const writer = columnWriter(ref.type, frame.numRows);
  for (let i = 0; i < frame.numRows; i++) writer.set(i, castValue(read(i), from, ref.type));
  return writer.build();
}

function evaluateCall(call: Call, frame: Frame, ctx: EvalContext): FrameColumn {
  const form = CONDITIONAL_FORMS[call.fn];
  if (form) return form(call, frame, ctx);
  const fn = SCALAR_TABLE.get(call.fn);
  if (!fn) throw invalidInput(`Unknown function [${call.fn}]`);
  const n = frame.numRows;
  const time = timeKernel(call, (arg) => evaluateExpr(arg, frame, ctx), n);
  if (time) return time;
  const args = call.args.map((a) => evaluateExpr(a, frame, ctx));
  const kernel = numericKernel(call, args, n) ?? timeParseKernel(call, args, n);
  if (kernel) return kernel;
  const readers = args.map(columnReader);
  const writer = columnWriter(call.type, n);
  const values = new Array<unknown>(args.length);
  const strict = Math.min(fn.strict, args.length);
  // Arguments that may hold multi-value string rows (STRING-typed object columns).
  const multi = fn.multiValue === 'raw' ? [] : args.flatMap((a, j) => (a.kind === 'object' && call.args[j]!.type === 'STRING' ? [j] : []));
  for (let i = 0; i < n; i++) {
    let isNull = false;
    let isMulti = false;
    for (let j = 0; j < readers.length; j++) {
      const v = readers[j]!(i);
      values[j] = v;
      if (v === null && j < strict) isNull = true;
    }
    for (const j of multi) if (Array.isArray(values[j])) isMulti = true;
    if (isMulti) writer.set(i, applyOverValues(fn, values, multi, call, ctx));
    else if (!isNull) writer.set(i, fn.apply(values, call, ctx));
  }
  return writer.build();
}
