import type { Frame, FrameColumn } from '@silt/frame';
import type { Call, Expr } from './expr.ts';
import { type ColumnWriter, columnReader, columnWriter, isNullAt } from './column-writer.ts';
import { type EvalContext, allRows, evaluateOnRows } from './eval-context.ts';
import { sameValue } from './scalar/operators.ts';
import { castValue, isTruthy } from './values.ts';

/**
 * The forms whose arguments are not all evaluated on every row: three-valued AND / OR / NOT, the IS
 * tests, CASE, CASE_SIMPLE and COALESCE / NVL / IFNULL. A later argument is evaluated only on the rows
 * still undecided, so `CASE WHEN x <> 0 THEN 10 / x END` never divides by zero.
 */

// Three-valued truth of a row: FALSE = 0, NULL = 1, TRUE = 2 (so AND is min and OR is max).
const FALSE = 0;
const UNKNOWN = 1;
/** The truth value of a TRUE row in {@link truthValues} (FALSE is 0, NULL is 1). */
export const TRUE = 2;

/** Truth values (0/1/2) of a whole column. */
export function truthValues(column: FrameColumn): Uint8Array {
  const out = new Uint8Array(columnLengthOf(column));
  if (column.kind === 'numeric') {
    const { values, nulls } = column;
    for (let i = 0; i < out.length; i++) {
      const v = values[i]!;
      out[i] = nulls && nulls[i] === 1 ? UNKNOWN : v !== 0 && v === v ? TRUE : FALSE;
    }
    return out;
  }
  if (column.kind === 'string') {
    const perId = column.dictionary.map((s) => (isTruthy(s) ? TRUE : FALSE));
    for (let i = 0; i < out.length; i++) {
      const id = column.ids[i]!;
      out[i] = id < 0 ? UNKNOWN : perId[id]!;
    }
    return out;
  }
  for (let i = 0; i < out.length; i++) {
    const v = column.values[i];
    out[i] = v === null || v === undefined ? UNKNOWN : isTruthy(v) ? TRUE : FALSE;
  }
  return out;
}

function columnLengthOf(column: FrameColumn): number {
  return column.kind === 'string' ? column.ids.length : column.values.length;
}

/** A LONG column of truth values (NULL for UNKNOWN). */
function booleanColumn(truth: Uint8Array): FrameColumn {
  const values = new Float64Array(truth.length);
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!;
    if (t === TRUE) values[i] = 1;
    else if (t === UNKNOWN) (nulls ??= new Uint8Array(truth.length))[i] = 1;
  }
  return { kind: 'numeric', values, nulls };
}

function logical(call: Call, frame: Frame, ctx: EvalContext, isAnd: boolean): FrameColumn {
  const n = frame.numRows;
  const result = new Uint8Array(n).fill(isAnd ? TRUE : FALSE);
  const decided = isAnd ? FALSE : TRUE;
  let rows: Int32Array | null = null;
  for (const arg of call.args) {
    const truth = truthValues(evaluateOnRows(arg, frame, rows, ctx));
    const next: number[] = [];
    for (let k = 0; k < truth.length; k++) {
      const row = rows ? rows[k]! : k;
      const t = truth[k]!;
      result[row] = isAnd ? Math.min(result[row]!, t) : Math.max(result[row]!, t);
      if (t !== decided) next.push(row);
    }
    if (next.length === 0) break;
    rows = next.length === (rows ? rows.length : n) ? rows : Int32Array.from(next);
  }
  return booleanColumn(result);
}

function unaryTruth(call: Call, frame: Frame, ctx: EvalContext, map: (t: number) => number): FrameColumn {
  const truth = truthValues(ctx.evaluate(call.args[0]!, frame));
  for (let i = 0; i < truth.length; i++) truth[i] = map(truth[i]!);
  return booleanColumn(truth);
}

function nullTest(call: Call, frame: Frame, ctx: EvalContext, wantNull: boolean): FrameColumn {
  const column = ctx.evaluate(call.args[0]!, frame);
  const truth = new Uint8Array(frame.numRows);
  // A multi-value string row with no values is NULL, as in Druid.
  const emptyIsNull = column.kind === 'object' && call.args[0]!.type === 'STRING';
  for (let i = 0; i < truth.length; i++) {
    const isNull = isNullAt(column, i) || (emptyIsNull && isEmptyArray(column.values[i]));
    truth[i] = isNull === wantNull ? TRUE : FALSE;
  }
  return booleanColumn(truth);
}

const isEmptyArray = (v: unknown): boolean => Array.isArray(v) && v.length === 0;

/** Copies rows of a branch result into the output, casting from the branch's type to the call's. */
function scatter(writer: ColumnWriter, branch: Expr, target: Call, column: FrameColumn, rows: Int32Array | null): void {
  const read = columnReader(column);
  const cast = branch.type !== target.type;
  const len = rows ? rows.length : columnLengthOf(column);
  for (let k = 0; k < len; k++) {
    const v = read(k);
    writer.set(rows ? rows[k]! : k, cast ? castValue(v, branch.type, target.type) : v);
  }
}

function searchedCase(call: Call, frame: Frame, ctx: EvalContext): FrameColumn {
  const writer = columnWriter(call.type, frame.numRows);
  const pairs = Math.floor(call.args.length / 2);
  let rows: Int32Array | null = null;
  for (let p = 0; p < pairs && (rows === null || rows.length > 0); p++) {
    const truth = truthValues(evaluateOnRows(call.args[2 * p]!, frame, rows, ctx));
    const matched: number[] = [];
    const rest: number[] = [];
    for (let k = 0; k < truth.length; k++) (truth[k] === TRUE ? matched : rest).push(rows ? rows[k]! : k);
    if (matched.length > 0) {
      const then = call.args[2 * p + 1]!;
      const matchedRows = Int32Array.from(matched);
      scatter(writer, then, call, evaluateOnRows(then, frame, matchedRows, ctx), matchedRows);
    }
    rows = Int32Array.from(rest);
  }
  if (call.args.length % 2 === 1 && (rows === null || rows.length > 0)) {
    const otherwise = call.args[call.args.length - 1]!;
    scatter(writer, otherwise, call, evaluateOnRows(otherwise, frame, rows, ctx), rows);
  }
  return writer.build();
}

function simpleCase(call: Call, frame: Frame, ctx: EvalContext): FrameColumn {
  const writer = columnWriter(call.type, frame.numRows);
  const value = columnReader(ctx.evaluate(call.args[0]!, frame));
  const pairs = Math.floor((call.args.length - 1) / 2);
  let rows: Int32Array = allRows(frame.numRows);
  for (let p = 0; p < pairs && rows.length > 0; p++) {
    const match = columnReader(evaluateOnRows(call.args[1 + 2 * p]!, frame, rows, ctx));
    const matched: number[] = [];
    const rest: number[] = [];
    for (let k = 0; k < rows.length; k++) {
      const v = value(rows[k]!);
      const m = match(k);
      (v !== null && m !== null && sameValue(v, m) ? matched : rest).push(rows[k]!);
    }
    if (matched.length > 0) {
      const then = call.args[2 + 2 * p]!;
      const matchedRows = Int32Array.from(matched);
      scatter(writer, then, call, evaluateOnRows(then, frame, matchedRows, ctx), matchedRows);
    }
    rows = Int32Array.from(rest);
  }
  if (call.args.length % 2 === 0 && rows.length > 0) {
    const otherwise = call.args[call.args.length - 1]!;
    scatter(writer, otherwise, call, evaluateOnRows(otherwise, frame, rows, ctx), rows);
  }
  return writer.build();
}

function coalesce(call: Call, frame: Frame, ctx: EvalContext): FrameColumn {
  const writer = columnWriter(call.type, frame.numRows);
  let rows: Int32Array | null = null;
  for (const arg of call.args) {
    const column = evaluateOnRows(arg, frame, rows, ctx);
    const read = columnReader(column);
    const cast = arg.type !== call.type;
    const rest: number[] = [];
    const len = rows ? rows.length : frame.numRows;
    for (let k = 0; k < len; k++) {
      const row = rows ? rows[k]! : k;
      const v = read(k);
      if (v === null) rest.push(row);
      else writer.set(row, cast ? castValue(v, arg.type, call.type) : v);
    }
    if (rest.length === 0) break;
    rows = Int32Array.from(rest);
  }
  return writer.build();
}

type Form = (call: Call, frame: Frame, ctx: EvalContext) => FrameColumn;

/** The conditional forms, by function name. */
export const CONDITIONAL_FORMS: Readonly<Record<string, Form>> = {
  AND: (c, f, x) => logical(c, f, x, true),
  OR: (c, f, x) => logical(c, f, x, false),
  NOT: (c, f, x) => unaryTruth(c, f, x, (t) => TRUE - t),
  'IS TRUE': (c, f, x) => unaryTruth(c, f, x, (t) => (t === TRUE ? TRUE : FALSE)),
  'IS FALSE': (c, f, x) => unaryTruth(c, f, x, (t) => (t === FALSE ? TRUE : FALSE)),
  'IS NOT TRUE': (c, f, x) => unaryTruth(c, f, x, (t) => (t === TRUE ? FALSE : TRUE)),
  'IS NOT FALSE': (c, f, x) => unaryTruth(c, f, x, (t) => (t === FALSE ? FALSE : TRUE)),
  'IS NULL': (c, f, x) => nullTest(c, f, x, true),
  'IS NOT NULL': (c, f, x) => nullTest(c, f, x, false),
  CASE: searchedCase,
  CASE_SIMPLE: simpleCase,
  COALESCE: coalesce,
  NVL: coalesce,
  IFNULL: coalesce,
};
