import type { ColumnType } from '@silt/common';
import type { FrameColumn } from '@silt/frame';
import { asNumber, asString, toLong } from './values.ts';

/**
 * Writes one value per row, in any row order, into a column of a given type; rows never written are
 * NULL. Numeric types take numbers (strings are parsed, LONG truncates), STRING takes strings (numbers
 * print as Druid prints them; an array value turns the column into an object column, as multi-value
 * strings are held), other types keep JS values as they are.
 */
export interface ColumnWriter {
  set(row: number, value: unknown): void;
  build(): FrameColumn;
}

/** A writer for `n` rows of `type`. */
export function columnWriter(type: ColumnType, n: number): ColumnWriter {
  switch (type) {
    case 'LONG':
      return new NumericWriter(n, true);
    case 'FLOAT':
    case 'DOUBLE':
      return new NumericWriter(n, false);
    case 'STRING':
      return new StringWriter(n);
    default:
      return new ObjectWriter(n);
  }
}

class NumericWriter implements ColumnWriter {
  private readonly values: Float64Array;
  private readonly nulls: Uint8Array;
  constructor(
    n: number,
    private readonly long: boolean,
  ) {
    this.values = new Float64Array(n);
    this.nulls = new Uint8Array(n).fill(1);
  }
  set(row: number, value: unknown): void {
    const n = typeof value === 'number' ? value : asNumber(value);
    if (n === null) {
      this.nulls[row] = 1;
      return;
    }
    this.values[row] = this.long && !Number.isInteger(n) ? toLong(n) : n;
    this.nulls[row] = 0;
  }
  build(): FrameColumn {
    return { kind: 'numeric', values: this.values, nulls: this.nulls.includes(1) ? this.nulls : null };
  }
}

class StringWriter implements ColumnWriter {
  private readonly ids: Int32Array;
  private readonly lookup = new Map<string, number>();
  private readonly dictionary: string[] = [];
  private objects: unknown[] | null = null;
  constructor(n: number) {
    this.ids = new Int32Array(n).fill(-1);
  }
  set(row: number, value: unknown): void {
    if (this.objects) {
      this.objects[row] = value ?? null;
      return;
    }
    if (value === null || value === undefined) {
      this.ids[row] = -1;
      return;
    }
    if (Array.isArray(value)) {
      this.objects = Array.from(this.ids, (id) => (id < 0 ? null : this.dictionary[id]!));
      this.objects[row] = value;
      return;
    }
    const s = typeof value === 'string' ? value : asString(value, 'STRING')!;
    let id = this.lookup.get(s);
    if (id === undefined) {
      id = this.dictionary.length;
      this.dictionary.push(s);
      this.lookup.set(s, id);
    }
    this.ids[row] = id;
  }
  build(): FrameColumn {
    if (this.objects) return { kind: 'object', values: this.objects };
    return { kind: 'string', ids: this.ids, dictionary: this.dictionary };
  }
}

class ObjectWriter implements ColumnWriter {
  private readonly values: unknown[];
  constructor(n: number) {
    this.values = new Array<unknown>(n).fill(null);
  }
  set(row: number, value: unknown): void {
    this.values[row] = value ?? null;
  }
  build(): FrameColumn {
    return { kind: 'object', values: this.values };
  }
}

/** A column of `n` copies of `value` (NULL when value is null), of `type`. */
export function constantColumn(value: unknown, type: ColumnType, n: number): FrameColumn {
  switch (type) {
    case 'LONG':
    case 'FLOAT':
    case 'DOUBLE': {
      const num = value === null ? null : asNumber(value);
      if (num === null) return { kind: 'numeric', values: new Float64Array(n), nulls: new Uint8Array(n).fill(1) };
      return { kind: 'numeric', values: new Float64Array(n).fill(type === 'LONG' ? toLong(num) : num), nulls: null };
    }
    case 'STRING': {
      const s = value === null ? null : asString(value, 'STRING');
      if (s === null) return { kind: 'string', ids: new Int32Array(n).fill(-1), dictionary: [] };
      return { kind: 'string', ids: new Int32Array(n), dictionary: [s] };
    }
    default:
      return { kind: 'object', values: new Array<unknown>(n).fill(value ?? null) };
  }
}

/** A per-row reader of a column's values (number, string, null, or the object column's value). */
export function columnReader(column: FrameColumn): (row: number) => unknown {
  switch (column.kind) {
    case 'numeric': {
      const { values, nulls } = column;
      return nulls ? (i) => (nulls[i] === 1 ? null : values[i]!) : (i) => values[i]!;
    }
    case 'string': {
      const { ids, dictionary } = column;
      return (i) => {
        const id = ids[i]!;
        return id < 0 ? null : dictionary[id]!;
      };
    }
    case 'object': {
      const { values } = column;
      return (i) => values[i] ?? null;
    }
  }
}

/** True when row `i` of the column is NULL. */
export function isNullAt(column: FrameColumn, i: number): boolean {
  switch (column.kind) {
    case 'numeric':
      return column.nulls !== null && column.nulls[i] === 1;
    case 'string':
      return column.ids[i]! < 0;
    case 'object':
      return column.values[i] === null || column.values[i] === undefined;
  }
}
