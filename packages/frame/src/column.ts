import { type ColumnType, isNumericType } from '@silt/common';
import { isLongValues, markLongValues } from './long-values.ts';
import { type Utf8Dictionary, withIds } from './utf8-dictionary.ts';

/**
 * Columns of a frame. A column's `kind` says how its values are held:
 * - `numeric`: LONG / FLOAT / DOUBLE values in a Float64Array; `nulls[i] === 1` marks a null row.
 *   (LONGs beyond 2^53 lose precision; Druid's timestamps and counters fit.)
 * - `string`: dictionary-encoded STRING; `ids[i]` indexes `dictionary`, -1 is null. The dictionary is
 *   per column and unsorted (first-seen order) unless a producer says otherwise.
 * - `object`: anything else, one JS value per row (multi-value strings as string[], arrays, JSON, sketches).
 */
export type FrameColumn = NumericColumn | StringColumn | ObjectColumn;

export interface NumericColumn {
  readonly kind: 'numeric';
  readonly values: Float64Array;
  readonly nulls: Uint8Array | null;
}

export interface StringColumn {
  readonly kind: 'string';
  readonly ids: Int32Array;
  readonly dictionary: readonly string[];
  /** The dictionary as UTF-8, when its producer had it so (see `utf8StringColumn`); the strings are then decoded on first read. */
  readonly utf8?: Utf8Dictionary;
}

export interface ObjectColumn {
  readonly kind: 'object';
  readonly values: readonly unknown[];
}

/** A column of `numRows` nulls of the given type (for a column a segment or input does not have). */
export function nullColumn(type: ColumnType, numRows: number): FrameColumn {
  if (isNumericType(type)) return { kind: 'numeric', values: new Float64Array(numRows), nulls: new Uint8Array(numRows).fill(1) };
  if (type === 'STRING') return { kind: 'string', ids: new Int32Array(numRows).fill(-1), dictionary: [] };
  return { kind: 'object', values: new Array<unknown>(numRows).fill(null) };
}

/** The value at `row` as a plain JS value (number, string, null, or the object column's value). */
export function valueAt(column: FrameColumn, row: number): unknown {
  switch (column.kind) {
    case 'numeric':
      return column.nulls && column.nulls[row] === 1 ? null : column.values[row]!;
    case 'string': {
      const id = column.ids[row]!;
      return id < 0 ? null : column.dictionary[id]!;
    }
    case 'object':
      return column.values[row] ?? null;
  }
}

/** Number of rows the column holds. */
export function columnLength(column: FrameColumn): number {
  switch (column.kind) {
    case 'numeric':
      return column.values.length;
    case 'string':
      return column.ids.length;
    case 'object':
      return column.values.length;
  }
}

/**
 * Rows `start` (inclusive) to `end` (exclusive) of a column: typed arrays as views of the column's
 * (no copy), an object column's values copied. A view of values marked as safe integers is marked
 * too.
 */
export function sliceColumn(column: FrameColumn, start: number, end: number): FrameColumn {
  switch (column.kind) {
    case 'numeric': {
      const values = column.values.subarray(start, end);
      return { kind: 'numeric', values: isLongValues(column.values) ? markLongValues(values) : values, nulls: column.nulls?.subarray(start, end) ?? null };
    }
    case 'string':
      return withIds(column, column.ids.subarray(start, end));
    case 'object':
      return { kind: 'object', values: column.values.slice(start, end) };
  }
}

/**
 * A new column holding `column`'s rows at `rows`, in that order; a negative row index gives a null
 * (outer joins).
 */
export function gatherColumn(column: FrameColumn, rows: Int32Array | readonly number[]): FrameColumn {
  const n = rows.length;
  switch (column.kind) {
    case 'numeric': {
      const values = new Float64Array(n);
      let nulls: Uint8Array | null = column.nulls ? new Uint8Array(n) : null;
      for (let i = 0; i < n; i++) {
        const r = rows[i]!;
        if (r < 0) {
          nulls ??= new Uint8Array(n);
          nulls[i] = 1;
          continue;
        }
        values[i] = column.values[r]!;
        if (column.nulls) nulls![i] = column.nulls[r]!;
      }
      return { kind: 'numeric', values, nulls };
    }
    case 'string': {
      const ids = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const r = rows[i]!;
        ids[i] = r < 0 ? -1 : column.ids[r]!;
      }
      return withIds(column, ids);
    }
    case 'object': {
      const values = new Array<unknown>(n);
      for (let i = 0; i < n; i++) {
        const r = rows[i]!;
        values[i] = r < 0 ? null : column.values[r];
      }
      return { kind: 'object', values };
    }
  }
}
