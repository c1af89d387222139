/**
 * Null bytes (U+0000) in strings, checked where Druid's MSQ checks them: when a stage writes its rows
 * to frames, after the SELECT expressions ran — so `REPLACE(col, U&'\0000', '')` sanitizes a value,
 * and the InvalidNullByte fault shows the value as the expressions left it.
 */
import { type ColumnType, FaultError, fault } from '@silt/common';
import { type Frame, type FrameColumn, type StringColumn, gatherFrame } from '@silt/frame';

/**
 * What a stage does with a string holding U+0000 in the rows it writes:
 * - `reject`: fail with InvalidNullByte (SQL tasks);
 * - `remove`: drop the null bytes (SQL tasks with context `removeNullBytes`);
 * - `keep`: write the value as it is (native batch and interactive queries, which Druid runs without
 *   frames).
 */
export type NullBytePolicy = 'reject' | 'remove' | 'keep';

const NUL = '\u0000';

/** A string value holding a null byte, at `row` of `column`. */
export interface NullByteValue {
  readonly row: number;
  readonly column: string;
  readonly value: string;
}

/** Where an input row came from, for the fault (Druid's `source` and 1-based `rowNumber`). */
export interface RowOrigin {
  readonly source: string;
  readonly rowNumber: number;
}

/**
 * The first value (by row, then column) of a STRING or ARRAY<STRING> column that holds U+0000, or
 * null. A dictionary-encoded column is checked through its dictionary, once per frame; its rows are
 * only scanned when an entry holds a null byte. Multi-value strings and arrays are checked value by
 * value.
 */
export function findNullByte(frame: Frame): NullByteValue | null {
  let found: NullByteValue | null = null;
  frame.columns.forEach((column, c) => {
    if (!isStringType(frame.signature[c]!.type)) return;
    const limit = found ? found.row : frame.numRows;
    const hit = firstInColumn(column, limit);
    if (hit && (!found || hit.row < found.row)) found = { row: hit.row, column: frame.signature[c]!.name, value: hit.value };
  });
  return found;
}

/** `frame` with null bytes dropped from its strings (the same frame when none holds one). */
export function removeNullBytes(frame: Frame): Frame {
  let changed = false;
  const columns = frame.columns.map((column, c) => {
    if (!isStringType(frame.signature[c]!.type)) return column;
    const cleaned = withoutNullBytes(column);
    changed ||= cleaned !== column;
    return cleaned;
  });
  return changed ? { ...frame, columns } : frame;
}

/**
 * Applies `policy` to rows about to be written. Under `reject`, a null byte fails the query with
 * InvalidNullByte; `origin` gives the source and row number of the frame's row when they are known
 * (a scan's input rows), else the fault carries none, as Druid's does past a scan.
 */
export function applyNullBytePolicy(frame: Frame, policy: NullBytePolicy, origin?: (row: number) => RowOrigin): Frame {
  if (policy === 'keep') return frame;
  if (policy === 'remove') return removeNullBytes(frame);
  const found = findNullByte(frame);
  if (found) throw invalidNullByte(found, origin?.(found.row) ?? null);
  return frame;
}

/**
 * The input row whose output holds the first null byte, for rows produced by row-local operations
 * (`produce`: filters, projections, UNNEST, broadcast joins), or -1 when none does. It bisects on
 * prefixes of the input, so it runs `produce` about log2(rows) times: meant for the failure path only.
 */
export function firstInputRowWithNullByte(input: Frame, produce: (rows: Frame) => Frame): number {
  const holds = (k: number) => findNullByte(produce(prefix(input, k))) !== null;
  if (!holds(input.numRows)) return -1;
  let lo = 1;
  let hi = input.numRows;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (holds(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}

/** The InvalidNullByte fault of `found`; `position` is the UTF-8 byte offset of its first null byte. */
function invalidNullByte(found: Omit<NullByteValue, 'row'>, origin: RowOrigin | null): FaultError {
  const position = Buffer.byteLength(found.value.slice(0, found.value.indexOf(NUL)), 'utf8');
  return new FaultError(fault('InvalidNullByte', { source: origin?.source ?? null, rowNumber: origin?.rowNumber ?? null, column: found.column, value: found.value, position }));
}

function isStringType(type: ColumnType): boolean {
  return type === 'STRING' || type === 'ARRAY<STRING>';
}

function firstInColumn(column: FrameColumn, limit: number): { row: number; value: string } | null {
  if (column.kind === 'string') {
    if (!mayHoldNullByte(column)) return null;
    const bad = new Set<number>();
    column.dictionary.forEach((s, id) => {
      if (s.includes(NUL)) bad.add(id);
    });
    if (bad.size === 0) return null;
    for (let r = 0; r < limit; r++) if (bad.has(column.ids[r]!)) return { row: r, value: column.dictionary[column.ids[r]!]! };
    return null;
  }
  if (column.kind !== 'object') return null;
  for (let r = 0; r < limit; r++) {
    const value = column.values[r];
    if (typeof value === 'string') {
      if (value.includes(NUL)) return { row: r, value };
    } else if (Array.isArray(value)) {
      const element = value.find((e): e is string => typeof e === 'string' && e.includes(NUL));
      if (element !== undefined) return { row: r, value: element };
    }
  }
  return null;
}

/**
 * False when a UTF-8 dictionary has no zero byte (its strings then stay undecoded). Searched as a
 * Buffer, whose `indexOf` of a byte is a `memchr`; a typed array's `includes` compares element by
 * element.
 */
function mayHoldNullByte(column: StringColumn): boolean {
  if (!column.utf8) return true;
  const { bytes } = column.utf8;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(0) >= 0;
}

/** `column` without null bytes; the same column when none holds one. Equal cleaned entries share one id. */
function withoutNullBytes(column: FrameColumn): FrameColumn {
  if (column.kind === 'string') {
    if (!mayHoldNullByte(column) || !column.dictionary.some((s) => s.includes(NUL))) return column;
    const dictionary: string[] = [];
    const idOf = new Map<string, number>();
    const remap = column.dictionary.map((s) => {
      const cleaned = s.replaceAll(NUL, '');
      let id = idOf.get(cleaned);
      if (id === undefined) idOf.set(cleaned, (id = dictionary.push(cleaned) - 1));
      return id;
    });
    const ids = column.ids.map((id) => (id < 0 ? id : remap[id]!));
    return { kind: 'string', ids, dictionary };
  }
  if (column.kind !== 'object') return column;
  const strip = (v: unknown): unknown => (typeof v === 'string' && v.includes(NUL) ? v.replaceAll(NUL, '') : v);
  let changed = false;
  const values = column.values.map((v) => {
    const cleaned = Array.isArray(v) ? (v.some((e) => typeof e === 'string' && e.includes(NUL)) ? v.map(strip) : v) : strip(v);
    changed ||= cleaned !== v;
    return cleaned;
  });
  return changed ? { kind: 'object', values } : column;
}

function prefix(frame: Frame, rows: number): Frame {
  return rows === frame.numRows ? frame : gatherFrame(frame, Array.from({ length: rows }, (_, i) => i));
}

