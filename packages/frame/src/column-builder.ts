import type { ColumnType } from '@silt/common';
import type { FrameColumn } from './column.ts';
import { markDistinctDictionary } from './distinct-dictionary.ts';

/** Appends values one row at a time and produces a column. */
export interface ColumnBuilder {
  /** Appends one value; numbers for numeric columns, strings for string columns, anything for object. */
  add(value: unknown): void;
  readonly length: number;
  build(): FrameColumn;
}

/** Builds a numeric column; non-numeric input becomes null, strings are parsed as numbers. */
export class NumericColumnBuilder implements ColumnBuilder {
  private values: Float64Array;
  private nulls: Uint8Array | null = null;
  length = 0;
  constructor(capacity = 1024) {
    this.values = new Float64Array(Math.max(16, capacity));
  }
  add(value: unknown): void {
    if (this.length === this.values.length) this.grow();
    const n = toNumber(value);
    if (n === null) {
      this.nulls ??= new Uint8Array(this.values.length);
      this.nulls[this.length] = 1;
    } else {
      this.values[this.length] = n;
    }
    this.length++;
  }
  private grow(): void {
    const values = new Float64Array(this.values.length * 2);
    values.set(this.values);
    this.values = values;
    if (this.nulls) {
      const nulls = new Uint8Array(values.length);
      nulls.set(this.nulls);
      this.nulls = nulls;
    }
  }
  build(): FrameColumn {
    return { kind: 'numeric', values: this.values.slice(0, this.length), nulls: this.nulls ? this.nulls.slice(0, this.length) : null };
  }
}

/**
 * Builds a dictionary-encoded string column; numbers and booleans are stringified, null stays null.
 * A multi-value row (a string array) switches the column to an object column holding plain strings
 * and string arrays, which is how multi-value STRING columns travel.
 */
export class StringColumnBuilder implements ColumnBuilder {
  private ids: Int32Array;
  private readonly lookup = new Map<string, number>();
  private readonly dictionary: string[] = [];
  private multiValue: unknown[] | null = null;
  length = 0;
  constructor(capacity = 1024) {
    this.ids = new Int32Array(Math.max(16, capacity));
  }
  add(value: unknown): void {
    if (this.multiValue || Array.isArray(value)) return this.addMultiValue(value);
    if (this.length === this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2);
      ids.set(this.ids);
      this.ids = ids;
    }
    this.ids[this.length++] = value === null || value === undefined ? -1 : this.idOf(typeof value === 'string' ? value : stringify(value));
  }
  private idOf(s: string): number {
    let id = this.lookup.get(s);
    if (id === undefined) {
      id = this.dictionary.length;
      this.dictionary.push(s);
      this.lookup.set(s, id);
    }
    return id;
  }
  private addMultiValue(value: unknown): void {
    if (!this.multiValue) {
      this.multiValue = [];
      for (let i = 0; i < this.length; i++) this.multiValue.push(this.ids[i]! < 0 ? null : this.dictionary[this.ids[i]!]);
    }
    this.multiValue.push(Array.isArray(value) ? value.map((v) => (v === null || v === undefined ? null : String(v))) : value === null || value === undefined ? null : typeof value === 'string' ? value : stringify(value));
    this.length++;
  }
  build(): FrameColumn {
    if (this.multiValue) return { kind: 'object', values: this.multiValue };
    return { kind: 'string', ids: this.ids.slice(0, this.length), dictionary: markDistinctDictionary(this.dictionary) };
  }
}

/** Builds an object column (arrays, JSON, sketches, multi-value strings). */
export class ObjectColumnBuilder implements ColumnBuilder {
  private readonly values: unknown[] = [];
  get length(): number {
    return this.values.length;
  }
  add(value: unknown): void {
    this.values.push(value ?? null);
  }
  build(): FrameColumn {
    return { kind: 'object', values: this.values };
  }
}

/** The builder for a column type. */
export function columnBuilder(type: ColumnType, capacity?: number): ColumnBuilder {
  switch (type) {
    case 'LONG':
    case 'FLOAT':
    case 'DOUBLE':
      return new NumericColumnBuilder(capacity);
    case 'STRING':
      return new StringColumnBuilder(capacity);
    default:
      return new ObjectColumnBuilder();
  }
}

/** Coerces a value to a number the way Druid reads numeric input: numbers, numeric strings, booleans. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  if (typeof value === 'string') {
    if (value.trim() === '') return null;
    const n = Number(value);
    return Number.isNaN(n) ? null : n;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  return null;
}

function stringify(value: unknown): string {
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
