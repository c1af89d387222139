import type { FrameColumn } from '@silt/frame';
import { columnReader } from '../column-writer.ts';
import { asNumber } from '../values.ts';

/**
 * Helpers for per-group state held in typed arrays that grow (by doubling) as the number of groups
 * grows, and for reading argument columns in bulk.
 */

function capacityFor(current: number, needed: number): number {
  let capacity = Math.max(16, current);
  while (capacity < needed) capacity *= 2;
  return capacity;
}

/** `array`, or a copy at least `needed` long with new slots set to `fill`. */
export function growFloat64(array: Float64Array<ArrayBuffer>, needed: number, fill = 0): Float64Array<ArrayBuffer> {
  if (needed <= array.length) return array;
  const out = new Float64Array(capacityFor(array.length, needed));
  out.set(array);
  if (fill !== 0) out.fill(fill, array.length);
  return out;
}

/** `array`, or a zero-extended copy at least `needed` long. */
export function growUint8(array: Uint8Array<ArrayBuffer>, needed: number): Uint8Array<ArrayBuffer> {
  if (needed <= array.length) return array;
  const out = new Uint8Array(capacityFor(array.length, needed));
  out.set(array);
  return out;
}

/** A column's values as numbers plus null flags (strings parsed; unparseable ones are null). */
export interface NumericInput {
  readonly values: Float64Array;
  readonly nulls: Uint8Array | null;
}

/** Reads a column as numbers: numeric columns as they are, string columns parsed once per dictionary entry. */
export function numericInput(column: FrameColumn): NumericInput {
  if (column.kind === 'numeric') return column;
  const n = column.kind === 'string' ? column.ids.length : column.values.length;
  const values = new Float64Array(n);
  const nulls = new Uint8Array(n);
  if (column.kind === 'string') {
    const parsed = column.dictionary.map((s) => asNumber(s));
    for (let i = 0; i < n; i++) {
      const id = column.ids[i]!;
      const v = id < 0 ? null : parsed[id]!;
      if (v === null) nulls[i] = 1;
      else values[i] = v;
    }
  } else {
    const read = columnReader(column);
    for (let i = 0; i < n; i++) {
      const v = asNumber(read(i));
      if (v === null) nulls[i] = 1;
      else values[i] = v;
    }
  }
  return { values, nulls };
}

/** Per-row null flags of a column (null when no row is NULL). */
export function nullFlags(column: FrameColumn): Uint8Array | null {
  if (column.kind === 'numeric') return column.nulls;
  const n = column.kind === 'string' ? column.ids.length : column.values.length;
  let flags: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const isNull = column.kind === 'string' ? column.ids[i]! < 0 : column.values[i] === null || column.values[i] === undefined;
    if (isNull) (flags ??= new Uint8Array(n))[i] = 1;
  }
  return flags;
}

/** A numeric column of the first `size` values, NULL where `seen[g]` is 0 (or no nulls when `seen` is null). */
export function numericColumn(values: Float64Array, size: number, seen: Uint8Array | null): FrameColumn {
  const out = values.slice(0, size);
  if (!seen) return { kind: 'numeric', values: out, nulls: null };
  let nulls: Uint8Array | null = null;
  for (let g = 0; g < size; g++) {
    if (seen[g] !== 1) {
      (nulls ??= new Uint8Array(size))[g] = 1;
      out[g] = 0;
    }
  }
  return { kind: 'numeric', values: out, nulls };
}
