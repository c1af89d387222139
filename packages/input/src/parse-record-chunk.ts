import type { RowSignature } from '@silt/common';
import type { Frame } from '@silt/frame';
import { parseDelimitedRecords } from './delimited-records.ts';
import { isBinaryFormat } from './formats/binary-format-spec.ts';
import { parseBinaryChunk } from './formats/parse-binary-chunk.ts';
import { headerRecordCount, resolveInputFormat } from './input-format-spec.ts';
import { scanJsonChunk } from './json-fast-path.ts';
import { parseJsonRecords } from './json-records.ts';
import type { ParseError } from './parse-error.ts';
import type { PartialRowError, PartialRowOptions } from './partial-rows.ts';
import type { RecordChunk } from './record-chunk.ts';
import { parseRegexRecords } from './regex-records.ts';
import { RowWriter } from './row-writer.ts';

/** The rows parsed from one chunk. */
export interface ParsedChunk {
  /** The good records, with exactly the signature's columns. */
  readonly frame: Frame;
  /** One entry per bad record, in record order. */
  readonly errors: readonly ParseError[];
  /** Records seen, bad ones included (`frame.numRows + errors.length`). */
  readonly records: number;
  /**
   * With {@link ParseOptions.discoverColumns}: the column names the chunk's records offer, in
   * first-seen order, as Druid discovers them (flattenSpec fields, then, with `useFieldDiscovery`,
   * top-level primitives and lists of primitives; CSV/TSV header or `columns`; regex groups).
   */
  readonly discoveredColumns?: readonly string[];
  /** With {@link ParseOptions.partialRows}: the rows kept with values that could not be converted, in row order. */
  readonly partialRowErrors?: readonly PartialRowError[];
  /** With {@link ParseOptions.rowRecords}: the record number of each row of the frame. */
  readonly rowRecords?: Int32Array;
}

/** Options of {@link parseRecordChunk}. */
export interface ParseOptions {
  /** Whether to report the columns the records offer ({@link ParsedChunk.discoveredColumns}). */
  readonly discoverColumns?: boolean;
  /** Report rows whose numeric values could not be converted (native batch's processedWithError). */
  readonly partialRows?: PartialRowOptions;
  /** Give each row's record number (for errors found after parsing, such as unparseable timestamps). */
  readonly rowRecords?: boolean;
}

/**
 * The 1-based data row number of record `recordNumber` (see {@link ParsedChunk.rowRecords}): CSV and
 * TSV do not count their skipped and header rows; other formats count records.
 */
export function dataRowNumber(inputFormat: Readonly<Record<string, unknown>>, recordNumber: number): number {
  return recordNumber - headerRecordCount(resolveInputFormat(inputFormat));
}

// Stateless between calls (no `stream` option), so one decoder serves every chunk. A byte-order mark
// is stripped once per file by the chunker, so here it is kept as a character.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Parses a chunk of whole records into a columnar frame of exactly `signature`'s columns, coercing
 * values to the column types; records that cannot be read become {@link ParseError}s. Text formats
 * (json, csv, tsv, regex) parse the chunk's bytes as lines/records (JSON lines through the WASM
 * NDJSON scanner when it can honour the format and signature, with `JSON.parse` for the lines it
 * leaves, and the same results); binary formats (parquet, avro_ocf, orc, protobuf) decode them with
 * the chunk's `context`. Synchronous and pure, with
 * structured-clone-able arguments: meant to run in a worker thread.
 *
 * @throws DruidError (invalidInput) for an invalid input format, or a binary chunk without context.
 * @example
 * const { frame, errors } = parseRecordChunk(chunk, { type: 'json' }, [
 *   { name: 'time', type: 'STRING' },
 *   { name: 'added', type: 'LONG' },
 * ]);
 */
export function parseRecordChunk(chunk: RecordChunk, inputFormat: Readonly<Record<string, unknown>>, signature: RowSignature, options: ParseOptions = {}): ParsedChunk {
  const format = resolveInputFormat(inputFormat);
  if (format.type === 'json' && !options.discoverColumns) {
    const scanned = scanJsonChunk(chunk, format, signature, options);
    if (scanned) return scanned;
  }
  const rows = new RowWriter(signature, options.partialRows, options.rowRecords);
  const errors: ParseError[] = [];
  const discovered = options.discoverColumns ? new Set<string>() : null;
  let records: number;
  if (isBinaryFormat(format)) {
    records = parseBinaryChunk(chunk, format, signature, rows, errors, discovered);
  } else {
    const text = decoder.decode(chunk.bytes);
    switch (format.type) {
      case 'json':
        records = parseJsonRecords(text, format, signature.map((c) => c.name), rows, chunk, errors, discovered);
        break;
      case 'regex':
        records = parseRegexRecords(text, format, signature, rows, chunk, errors, discovered);
        break;
      default: {
        const columns = chunk.columns ?? format.columns;
        records = parseDelimitedRecords(text, format, columns, signature, rows, chunk, errors, headerRecordCount(format));
        if (discovered) for (const c of columns) discovered.add(c);
      }
    }
  }
  const frame: Frame = { signature, numRows: rows.numRows, columns: rows.build() };
  return {
    frame,
    errors,
    records,
    ...(discovered ? { discoveredColumns: [...discovered] } : {}),
    ...(rows.partialRowErrors.length > 0 ? { partialRowErrors: rows.partialRowErrors } : {}),
    ...(rows.rowRecords ? { rowRecords: Int32Array.from(rows.rowRecords) } : {}),
  };
}
