import { type FileMetaData, type SchemaTree, parquetMetadata, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { assembleNested } from 'hyparquet/src/assemble.js';
import { readColumn } from 'hyparquet/src/column.js';
import { DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { getTreePath } from 'hyparquet/src/schema.js';
import type { ParquetInputFormat } from '../binary-format-spec.ts';
import { type NestedRecordSink, recordError, writeNestedRecord } from '../nested-records.ts';
import { columnChunkStart, type ParquetChunkContext } from './parquet-chunks.ts';

type DecodedArray = ReturnType<typeof readColumn>['data'][number];
type ColumnDecoder = Parameters<typeof readColumn>[2];

/**
 * Value parsers as Druid's Parquet extension reads logical types: timestamps (millis, micros, nanos,
 * INT96) as epoch milliseconds, dates as the epoch milliseconds of that day, JSON as its text.
 */
const PARSERS = {
  ...DEFAULT_PARSERS,
  timestampFromMilliseconds: (millis: bigint) => Number(millis),
  timestampFromMicroseconds: (micros: bigint) => Number(micros / 1000n),
  timestampFromNanoseconds: (nanos: bigint) => Number(nanos / 1000000n),
  dateFromDays: (days: number) => days * 86_400_000,
  jsonFromBytes: (bytes: Uint8Array) => bytes && new TextDecoder().decode(bytes),
};

let cached: { footer: Uint8Array; metadata: FileMetaData; schema: SchemaTree } | null = null;

/** The file metadata of a chunk's footer; the last one is kept, since a file's chunks come in a row. */
function footerMetadata(footer: Uint8Array): { metadata: FileMetaData; schema: SchemaTree } {
  if (cached && cached.footer.length === footer.length && Buffer.compare(cached.footer, footer) === 0) return cached;
  const metadata = parquetMetadata(footer.buffer.slice(footer.byteOffset, footer.byteOffset + footer.byteLength) as ArrayBuffer, { parsers: PARSERS });
  cached = { footer, metadata, schema: parquetSchema(metadata) };
  return cached;
}

/**
 * Decodes the row groups of a Parquet chunk (synchronously, with hyparquet's column readers) and
 * writes every row. Rows are plain objects: structs and maps as objects, lists as arrays, INT64 as
 * numbers, byte arrays not marked as strings as bytes unless `binaryAsString`. A row group that cannot
 * be decoded makes each of its rows a parse error. Returns the number of rows seen.
 */
export function parseParquetChunk(sink: NestedRecordSink, context: ParquetChunkContext, format: ParquetInputFormat): number {
  const { metadata, schema } = footerMetadata(context.footer);
  let rowNumber = sink.chunk.firstRecord;
  for (const index of context.rowGroups) {
    const group = metadata.row_groups[index]!;
    const numRows = Number(group.num_rows);
    let rows: Record<string, unknown>[];
    try {
      rows = decodeRowGroup(sink.chunk.bytes, context.offset, group.columns, schema, numRows, format.binaryAsString);
    } catch (error) {
      for (let r = 0; r < numRows; r++) recordError(sink, rowNumber + r, `row group ${index}`, `Cannot decode Parquet row group ${index}: ${(error as Error).message}`);
      rowNumber += numRows;
      continue;
    }
    for (const row of rows) writeNestedRecord(sink, row, rowNumber++);
  }
  return rowNumber - sink.chunk.firstRecord;
}

function decodeRowGroup(
  bytes: Uint8Array,
  offset: number,
  columns: FileMetaData['row_groups'][number]['columns'],
  schema: SchemaTree,
  numRows: number,
  binaryAsString: boolean,
): Record<string, unknown>[] {
  const leaves = new Map<string, DecodedArray>();
  for (const column of columns) {
    const meta = column.meta_data!;
    const start = columnChunkStart(meta) - offset;
    const length = Number(meta.total_compressed_size);
    const schemaPath = getTreePath(schema, meta.path_in_schema);
    const decoder: ColumnDecoder = {
      pathInSchema: meta.path_in_schema,
      type: meta.type,
      element: schemaPath[schemaPath.length - 1]!.element,
      schemaPath,
      codec: meta.codec,
      parsers: PARSERS,
      compressors,
      utf8: binaryAsString,
    };
    const reader = { view: new DataView(bytes.buffer, bytes.byteOffset + start, length), offset: 0 };
    const { data } = readColumn(reader, { groupStart: 0, selectStart: 0, selectEnd: numRows, groupRows: numRows }, decoder);
    leaves.set(meta.path_in_schema.join('.'), data.length === 1 ? data[0]! : data.flatMap((d) => Array.from(d as ArrayLike<unknown>)));
  }
  const top: [string, ArrayLike<unknown>][] = [];
  for (const child of schema.children) {
    if (child.children.length) assembleNested(leaves, child, PARSERS);
    const values = leaves.get(child.element.name);
    if (values) top.push([child.element.name, values]);
  }
  const rows: Record<string, unknown>[] = new Array(numRows);
  for (let r = 0; r < numRows; r++) {
    const row: Record<string, unknown> = {};
    for (const [name, values] of top) row[name] = plainValue(values[r]);
    rows[r] = row;
  }
  return rows;
}

/** A decoded value with 64-bit integers as numbers and typed arrays as plain arrays. */
function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(plainValue);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = plainValue(v);
  return out;
}
