import type { ColumnType } from '@silt/common';
import { type FrameColumn, NumericColumnBuilder, ObjectColumnBuilder, StringColumnBuilder, valueAt } from '@silt/frame';
import { toDoubleValue, toFloatValue, toLongValue, toScalarString, toStringValue } from './value-coercion.ts';

/** Coerces raw input values into one output column of a given signature type. */
export interface ColumnWriter {
  /**
   * Appends one raw value (parsed JSON value or CSV/TSV field), coerced to the column's type. Returns
   * false when a value that is not null could not be converted and was stored as null.
   */
  add(value: unknown): boolean;
  build(): FrameColumn;
}

/**
 * The writer for a signature column type:
 * - LONG / FLOAT / DOUBLE: a numeric column;
 * - STRING: a dictionary-encoded string column, switched to an object column holding `string[]` rows
 *   as soon as a multi-value row appears (so a chunk's STRING column may be `string` or `object`);
 * - ARRAY<…>: an object column of arrays (a scalar becomes a one-element array);
 * - COMPLEX<json>: an object column of the parsed values as they are.
 */
export function columnWriter(type: ColumnType): ColumnWriter {
  switch (type) {
    case 'LONG':
      return new NumericWriter(toLongValue);
    case 'FLOAT':
      return new NumericWriter(toFloatValue);
    case 'DOUBLE':
      return new NumericWriter(toDoubleValue);
    case 'STRING':
      return new StringWriter();
    case 'ARRAY<STRING>':
      return new ObjectWriter((v) => toArray(v, toScalarString));
    case 'ARRAY<LONG>':
      return new ObjectWriter((v) => toArray(v, toLongValue));
    case 'ARRAY<FLOAT>':
    case 'ARRAY<DOUBLE>':
      return new ObjectWriter((v) => toArray(v, toDoubleValue));
    case 'COMPLEX<json>':
      return new ObjectWriter((v) => v ?? null);
  }
}

class NumericWriter implements ColumnWriter {
  private readonly builder = new NumericColumnBuilder();
  constructor(private readonly convert: (value: unknown) => number | null) {}
  add(value: unknown): boolean {
    const converted = this.convert(value);
    this.builder.add(converted);
    return converted !== null || value === null || value === undefined;
  }
  build(): FrameColumn {
    return this.builder.build();
  }
}

class StringWriter implements ColumnWriter {
  private strings: StringColumnBuilder | null = new StringColumnBuilder();
  private objects: ObjectColumnBuilder | null = null;
  add(value: unknown): boolean {
    const row = toStringValue(value);
    if (this.strings) {
      if (!Array.isArray(row)) {
        this.strings.add(row);
        return true;
      }
      this.objects = this.toObjects(this.strings);
      this.strings = null;
    }
    this.objects!.add(row);
    return true;
  }
  private toObjects(strings: StringColumnBuilder): ObjectColumnBuilder {
    const column = strings.build();
    const objects = new ObjectColumnBuilder();
    for (let row = 0; row < strings.length; row++) objects.add(valueAt(column, row));
    return objects;
  }
  build(): FrameColumn {
    return (this.strings ?? this.objects!).build();
  }
}

class ObjectWriter implements ColumnWriter {
  private readonly builder = new ObjectColumnBuilder();
  constructor(private readonly convert: (value: unknown) => unknown) {}
  add(value: unknown): boolean {
    this.builder.add(this.convert(value));
    return true;
  }
  build(): FrameColumn {
    return this.builder.build();
  }
}

function toArray<T>(value: unknown, element: (v: unknown) => T): T[] | null {
  if (value === null || value === undefined) return null;
  return Array.isArray(value) ? value.map(element) : [element(value)];
}
