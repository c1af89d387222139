import type { RowSignature } from '@silt/common';
import type { Frame } from '@silt/frame';
import { isByteMatchableKey, loadKernelsSync } from '@silt/kernels';
import { RecordFlattener } from './flatten/record-flattener.ts';
import type { JsonInputFormat } from './input-format-spec.ts';
import { SCANNABLE_TYPES, scanColumn } from './json-scan-columns.ts';
import { parseJsonLine } from './json-records.ts';
import { type ParseError, parseError } from './parse-error.ts';
import type { ParseOptions } from './parse-record-chunk.ts';
import { type PartialRowError, conversionProblem, partialRowError } from './partial-rows.ts';
import type { RecordChunk } from './record-chunk.ts';
import { RowWriter } from './row-writer.ts';

/** What the fast path gives back: the same as `parseRecordChunk` without column discovery. */
export interface ScannedChunk {
  readonly frame: Frame;
  readonly errors: readonly ParseError[];
  readonly records: number;
  readonly partialRowErrors?: readonly PartialRowError[];
  readonly rowRecords?: Int32Array;
}

// Decodes a fallback line exactly as decoding the whole chunk would (lines end at ASCII newlines).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const parse = (line: string): unknown => JSON.parse(line);

/**
 * The top-level key each signature column reads, when the fast path can read them all: standard
 * JSON (no `featureSpec` leniency), every column STRING/LONG/FLOAT/DOUBLE and read from a top-level
 * key (no flattenSpec `path`/`jq`/`tree` field), and every key matchable by its UTF-8 bytes. Else null.
 */
function topLevelKeys(format: JsonInputFormat, signature: RowSignature): string[] | null {
  if (format.features.size > 0) return null;
  const fields = new Map((format.flattenSpec?.fields ?? []).map((f) => [f.name, f]));
  const keys: string[] = [];
  for (const column of signature) {
    const field = fields.get(column.name);
    if (!SCANNABLE_TYPES.has(column.type) || (field && field.type !== 'root')) return null;
    const key = field?.expr ?? column.name;
    if (!isByteMatchableKey(key)) return null;
    keys.push(key);
  }
  return keys;
}

/**
 * Parses a chunk of JSON lines with the WASM NDJSON scanner: one pass over the bytes reads the
 * signature's top-level keys of every line and deduplicates strings, and columns are filled from
 * typed arrays, with no JS object per row. The lines the scanner leaves to `JSON.parse` (invalid JSON,
 * non-objects, nested or special values in the columns' keys, escaped keys) go through the same
 * parser, checks and coercions as `parseJsonRecords`. The frame (value for value), errors and record
 * count equal what `parseJsonRecords` gives; string dictionaries may be in another order.
 *
 * Returns null when the fast path cannot honour the format or signature (see `topLevelKeys`), or the
 * chunk has too many lines × columns for one scan: the caller then uses `parseJsonRecords`.
 */
export function scanJsonChunk(chunk: RecordChunk, format: JsonInputFormat, signature: RowSignature, options: ParseOptions): ScannedChunk | null {
  const { partialRows } = options;
  const columnKeys = topLevelKeys(format, signature);
  if (!columnKeys) return null;
  const keys = [...new Set(columnKeys)];
  const scan = loadKernelsSync().scanJsonLines(chunk.bytes, keys);
  if (!scan) return null;

  const errors: ParseError[] = [];
  const partialRowErrors: PartialRowError[] = [];
  let slowRows: RowWriter | null = null;
  let flattener: RecordFlattener | null = null;
  const rows = new Int32Array(scan.lines);
  let numRows = 0;
  for (let i = 0; i < scan.lines; i++) {
    if (scan.fallback[i] === 0) {
      rows[numRows++] = i;
      continue;
    }
    const text = decoder.decode(chunk.bytes.subarray(scan.lineStart[i], scan.lineEnd[i]));
    const recordNumber = chunk.firstRecord + i;
    const line = parseJsonLine(text, parse);
    if (line.reason !== null) {
      errors.push(parseError(chunk.source, recordNumber, text, 0, text.length, line.reason));
      continue;
    }
    slowRows ??= new RowWriter(signature, partialRows, options.rowRecords);
    flattener ??= new RecordFlattener(format.flattenSpec, signature.map((c) => c.name), true);
    flattener.read(line.record, undefined, slowRows.values);
    const partialBefore = slowRows.partialRowErrors.length;
    const error = slowRows.write({ source: chunk.source, recordNumber, rowNumber: recordNumber }, () => text);
    if (error) {
      errors.push(error);
      continue;
    }
    if (slowRows.partialRowErrors.length > partialBefore) partialRowErrors.push({ ...slowRows.partialRowErrors.at(-1)!, row: numRows });
    rows[numRows++] = -slowRows.numRows;
  }

  const source = { scan, rows: rows.subarray(0, numRows), slow: slowRows ? slowRows.build() : [] };
  const keyIndex = new Map(keys.map((key, k) => [key, k]));
  const problems = partialRows ? new Map<number, string[]>() : null;
  const dimensions = new Set(partialRows?.dimensions);
  const columns = signature.map(({ name, type }, c) => {
    const failed = problems ? (r: number, value: unknown) => problems.set(r, [...(problems.get(r) ?? []), conversionProblem(value, type, name, dimensions.has(name))]) : undefined;
    return scanColumn(source, c, type, keyIndex.get(columnKeys[c]!)!, failed);
  });
  for (const [r, list] of problems ?? []) {
    const line = source.rows[r]!;
    const text = decoder.decode(chunk.bytes.subarray(scan.lineStart[line], scan.lineEnd[line]));
    partialRowErrors.push(partialRowError(r, chunk.source, chunk.firstRecord + line, text, list));
  }
  partialRowErrors.sort((a, b) => a.row - b.row);
  const rowRecords = options.rowRecords ? source.rows.map((line) => (line >= 0 ? chunk.firstRecord + line : slowRows!.rowRecords![-line - 1]!)) : null;
  return {
    frame: { signature, numRows, columns },
    errors,
    records: scan.lines,
    ...(partialRowErrors.length > 0 ? { partialRowErrors } : {}),
    ...(rowRecords ? { rowRecords } : {}),
  };
}
