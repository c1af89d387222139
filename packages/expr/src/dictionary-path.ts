import type { Frame, FrameColumn, StringColumn } from '@silt/frame';
import { columnIndex, gatherColumn, utf8StringColumn } from '@silt/frame';
import type { Call } from './expr.ts';
import { columnsOf } from './eval-context.ts';

/** Frames smaller than this are evaluated row by row directly. */
const MIN_ROWS = 32;

/**
 * The string-dictionary fast path (and constant folding). When an expression reads a single column,
 * and that column is a dictionary-encoded string column whose rows use at most half as many distinct
 * values as there are rows, the expression is evaluated once per distinct value (on a small frame
 * holding each used dictionary entry, and NULL if present, once) and the results are spread back to
 * the rows. `LIKE`, comparisons with a literal, TIME_PARSE, UPPER, CAST … of a string column all take
 * this path. An expression that reads no column is evaluated once. Returns null when neither applies.
 */
export function evaluateByDictionary(call: Call, frame: Frame, direct: (call: Call, frame: Frame) => FrameColumn): FrameColumn | null {
  const n = frame.numRows;
  if (n < MIN_ROWS) return null;
  const names = columnsOf(call);
  if (names.size === 0) {
    // A constant expression: evaluate it once and repeat the value.
    const one = direct(call, { signature: [], numRows: 1, columns: [] });
    return gatherColumn(one, new Int32Array(n));
  }
  if (names.size !== 1) return null;
  const index = columnIndex(frame, names.values().next().value!);
  if (index < 0) return null;
  const column = frame.columns[index]!;
  if (column.kind !== 'string') return null;
  // A UTF-8 dictionary stays so (its strings are decoded only if the expression reads them).
  const { ids, utf8 } = column;
  const size = utf8 ? utf8.offsets.length - 1 : column.dictionary.length;
  const limit = n >> 1;
  const used: number[] = [];
  const rowMap = new Int32Array(n);
  if (size <= 4 * n) {
    // slot[id + 1] = the row of the small frame holding dictionary entry id (slot[0] is NULL).
    const slot = new Int32Array(size + 1).fill(-1);
    for (let i = 0; i < n; i++) {
      const key = ids[i]! + 1;
      let s = slot[key]!;
      if (s < 0) {
        if (used.length >= limit) return null;
        s = used.length;
        slot[key] = s;
        used.push(key - 1);
      }
      rowMap[i] = s;
    }
  } else {
    // A dictionary much larger than the frame (shared across frames): look up only the ids in use.
    const slot = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      let s = slot.get(id);
      if (s === undefined) {
        if (used.length >= limit) return null;
        s = used.length;
        slot.set(id, s);
        used.push(id);
      }
      rowMap[i] = s;
    }
  }
  const distinct: StringColumn = utf8 ? utf8StringColumn(Int32Array.from(used), utf8) : { kind: 'string', ids: Int32Array.from(used), dictionary: column.dictionary };
  const small: Frame = { signature: [frame.signature[index]!], numRows: used.length, columns: [distinct] };
  return gatherColumn(direct(call, small), rowMap);
}
