import type { ColumnType } from '@silt/common';
import { type FrameColumn, decodeUtf8Dictionary, utf8StringColumn, valueAt } from '@silt/frame';
import { JsonKind, type JsonLinesScan } from '@silt/kernels';
import { javaNumberString, toDoubleValue, toFloatValue, toLongValue } from './value-coercion.ts';

/**
 * Where each output row comes from: `rows[r] >= 0` is line `rows[r]` of the scan, `rows[r] < 0` is row
 * `-rows[r] - 1` of `slow` (the columns the JS parser built for the scan's fallback lines; empty when
 * none of them is a row).
 */
export interface ScanRows {
  readonly scan: JsonLinesScan;
  readonly rows: Int32Array;
  readonly slow: readonly FrameColumn[];
}

const ONLY_STRINGS = ~((1 << JsonKind.STRING) | (1 << JsonKind.NULL));

/** Column types the scan can fill directly. */
export const SCANNABLE_TYPES: ReadonlySet<ColumnType> = new Set(['STRING', 'LONG', 'FLOAT', 'DOUBLE']);

/**
 * Builds output column `c` (of `type`, reading scan key `key`) exactly as the JS parser's column
 * writers would from the same records: values are coerced by the same functions (numbers and
 * booleans of a STRING column are printed as Druid prints them; strings of a numeric column are
 * parsed; booleans of a numeric column are null). A STRING column holds the scan's dictionary (plus
 * any value it lacks); it becomes an object column when a fallback row is multi-value.
 */
export function scanColumn(source: ScanRows, c: number, type: ColumnType, key: number, failed?: ConversionFailure): FrameColumn {
  return type === 'STRING' ? stringColumn(source, c, key) : numericColumn(source, c, key, type === 'LONG' ? toLongValue : type === 'FLOAT' ? toFloatValue : toDoubleValue, failed);
}

/** Told of each scanned (not fallback) row `r` whose value, not null, a numeric column could not convert. */
export type ConversionFailure = (r: number, value: unknown) => void;

function numericColumn({ scan, rows, slow }: ScanRows, c: number, key: number, convert: (value: unknown) => number | null, failed?: ConversionFailure): FrameColumn {
  const values = new Float64Array(rows.length);
  let nulls: Uint8Array | null = null;
  const base = key * scan.lines;
  const text = (slot: number) => decodeUtf8Dictionary(scan.dictionaries[key]!)[scan.ids[slot]!];
  for (let r = 0; r < rows.length; r++) {
    const line = rows[r]!;
    let value: number | null;
    if (line < 0) {
      value = valueAt(slow[c]!, -line - 1) as number | null;
    } else {
      const kind = scan.kinds[base + line];
      value = kind === JsonKind.NUMBER ? convert(scan.numbers[base + line]) : kind === JsonKind.STRING ? convert(text(base + line)) : null;
      if (value === null && failed && kind !== JsonKind.NULL) failed(r, kind === JsonKind.STRING ? text(base + line) : kind === JsonKind.TRUE);
    }
    if (value === null || Number.isNaN(value)) {
      nulls ??= new Uint8Array(rows.length);
      nulls[r] = 1;
    } else {
      values[r] = value;
    }
  }
  return { kind: 'numeric', values, nulls };
}

/** The STRING value of a scanned slot (`String.valueOf` of numbers and booleans, as Druid prints them). */
function scannedString(scan: JsonLinesScan, key: number, slot: number): string | null {
  switch (scan.kinds[slot]) {
    case JsonKind.STRING:
      return decodeUtf8Dictionary(scan.dictionaries[key]!)[scan.ids[slot]!]!;
    case JsonKind.NUMBER:
      return javaNumberString(scan.numbers[slot]!);
    case JsonKind.TRUE:
      return 'true';
    case JsonKind.FALSE:
      return 'false';
    default:
      return null;
  }
}

function stringColumn(source: ScanRows, c: number, key: number): FrameColumn {
  const { scan, rows, slow } = source;
  const base = key * scan.lines;
  if (slow[c]?.kind === 'object') {
    // A fallback row is multi-value: the whole column holds plain values, as the JS writer switches it.
    const values = new Array<unknown>(rows.length);
    for (let r = 0; r < rows.length; r++) values[r] = rows[r]! < 0 ? valueAt(slow[c]!, -rows[r]! - 1) : scannedString(scan, key, base + rows[r]!);
    return { kind: 'object', values };
  }
  const utf8 = scan.dictionaries[key]!;
  if (slow.length === 0 && rows.length === scan.lines && (scan.kindsSeen[key]! & ONLY_STRINGS) === 0) {
    // Every line is a row and holds a string or null: the scan's ids (-1 for null) are the column.
    return utf8StringColumn(scan.ids.slice(base, base + scan.lines), utf8);
  }
  const ids = new Int32Array(rows.length);
  // The decoded dictionary with the values it lacked, once a row brings one.
  let dictionary: string[] = [];
  let lookup: Map<string, number> | null = null;
  const idOf = (value: string): number => {
    if (!lookup) {
      dictionary = decodeUtf8Dictionary(utf8).slice();
      lookup = new Map(dictionary.map((s, i) => [s, i]));
    }
    let id = lookup.get(value);
    if (id === undefined) {
      id = dictionary.length;
      dictionary.push(value);
      lookup.set(value, id);
    }
    return id;
  };
  // Booleans (often a STRING column's only values, as in wikipedia's `isRobot`) take their id once.
  let trueId = -1;
  let falseId = -1;
  for (let r = 0; r < rows.length; r++) {
    const line = rows[r]!;
    const kind = line >= 0 ? scan.kinds[base + line] : JsonKind.NULL;
    if (kind === JsonKind.STRING) ids[r] = scan.ids[base + line]!;
    else if (kind === JsonKind.TRUE) ids[r] = trueId >= 0 ? trueId : (trueId = idOf('true'));
    else if (kind === JsonKind.FALSE) ids[r] = falseId >= 0 ? falseId : (falseId = idOf('false'));
    else {
      const value = line < 0 ? (valueAt(slow[c]!, -line - 1) as string | null) : scannedString(scan, key, base + line);
      ids[r] = value === null ? -1 : idOf(value);
    }
  }
  return lookup ? { kind: 'string', ids, dictionary } : utf8StringColumn(ids, utf8);
}
