import { parseHeader } from './delimited-records.ts';
import { readBinaryChunks } from './formats/binary-chunks.ts';
import { isBinaryFormat } from './formats/binary-format-spec.ts';
import type { ChunkContext } from './formats/chunk-context.ts';
import { effectiveInputFormat } from './effective-input-format.ts';
import { type InputFormatSpec, headerRecordCount, resolveInputFormat } from './input-format-spec.ts';
import type { InputSplit } from './input-split.ts';
import { ChunkBuffers } from './chunk-buffers.ts';
import { FILE_READ_BYTES } from './byte-ranges.ts';
import { compressionOf } from './compression.ts';
import { resolveInputSource } from './input-source-spec.ts';
import { LocalFileReader } from './local-file-reader.ts';
import { CsvScanner, LineScanner, type RecordScanner } from './record-boundary.ts';
import { splitBytes } from './split-bytes.ts';

/**
 * Whole records of one split, as raw UTF-8 bytes, ready to be parsed by `parseRecordChunk` (in a worker
 * thread: every field is structured-clone-able and `bytes` owns its buffer, so it can be transferred).
 */
export interface RecordChunk {
  /** Decompressed bytes of whole records; every record but the last ends with its `\n`. */
  readonly bytes: Uint8Array;
  /** The split's source. */
  readonly source: string;
  /** 1-based number of this chunk's first record, counted from the start of the file (header rows included). */
  readonly firstRecord: number;
  /** CSV/TSV column names read from the file's header (`findColumnsFromHeader`), sent with every chunk. */
  readonly columns?: readonly string[];
  /**
   * Binary formats (parquet, avro_ocf, orc, protobuf): what decoding the chunk needs besides its bytes
   * (file metadata, schema, codec). Their `bytes` are whole row groups / blocks / stripes / the
   * message, and `firstRecord` is the index in the file of the chunk's first record.
   */
  readonly context?: ChunkContext;
}

/** Default chunk size: 1 MiB. */
export const DEFAULT_CHUNK_BYTES = 1 << 20;

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * Streams a split as chunks of whole records of about `targetBytes` each (a chunk ends at the first
 * record end at or after `targetBytes`; the last chunk holds what is left). The input is decompressed
 * on the way and never held whole in memory. Records end at newlines; for CSV, only at newlines
 * outside quoted fields. A UTF-8 byte-order mark at the start of the file is dropped. For CSV/TSV,
 * `skipHeaderRows` records are skipped, then the header is read when `findColumnsFromHeader` is set;
 * neither is part of any chunk.
 *
 * @throws FaultError (CannotParseExternalData) when the input cannot be read, decompressed, or its
 *   header parsed; DruidError (invalidInput) for an invalid input format. The format used is
 *   `effectiveInputFormat(split.inputSource, inputFormat)`: a `sql` split is JSON lines whatever is given.
 *
 * A local, uncompressed file is read straight into the chunk's buffer. A text chunk's `bytes` start
 * a buffer taken from `buffers` (or a new one): hand the buffer back with `buffers.give` once the
 * chunk is parsed, and the next chunks reuse it.
 *
 * @example
 * for await (const chunk of readRecordChunks(split, { type: 'json' })) pool.run({ chunk, inputFormat, signature });
 */
export async function* readRecordChunks(
  split: InputSplit,
  inputFormat: Readonly<Record<string, unknown>> | null | undefined,
  targetBytes: number = DEFAULT_CHUNK_BYTES,
  buffers?: ChunkBuffers,
): AsyncIterable<RecordChunk> {
  const format = resolveInputFormat(effectiveInputFormat(split.inputSource, inputFormat));
  // Binary formats are cut along their own structure (the hook for every non-text format).
  if (isBinaryFormat(format)) {
    yield* readBinaryChunks(split, format, Math.max(1, targetBytes || 0));
    return;
  }
  const scanner: RecordScanner = format.type === 'csv' ? new CsvScanner(format.delimiter.charCodeAt(0)) : new LineScanner();
  const target = Math.max(1, targetBytes || 0);
  const buffer = new ByteAccumulator(target, buffers ?? new ChunkBuffers(0), knownBytes(split));
  let headerRecords = headerRecordCount(format);
  let columns: readonly string[] | undefined;
  let nextRecord = 1;
  let scanned = 0;
  let boundary = 0;
  let recordsBeforeBoundary = 0;
  let bomChecked = false;

  const file = localUncompressedFile(split);
  const reader = file ? await LocalFileReader.open(file, split.byteRange) : null;
  const pieces = reader ? null : splitBytes(split)[Symbol.asyncIterator]();
  try {
    while (reader ? (await buffer.readFrom(reader)) > 0 : await buffer.appendNext(pieces!)) {
      if (!bomChecked) {
        if (buffer.length < UTF8_BOM.length) continue;
        if (UTF8_BOM.every((b, i) => buffer.view()[i] === b)) buffer.consume(UTF8_BOM.length);
        bomChecked = true;
      }
      while (headerRecords > 0) {
        const view = buffer.view();
        if (scanner.scan(view, scanned, 1) === 0) {
          scanned = scanner.position;
          break;
        }
        const end = scanner.lastEnd;
        headerRecords--;
        nextRecord++;
        if (headerRecords === 0) columns = headerColumns(format, view.subarray(0, end), split.source);
        buffer.consume(end);
        scanned = scanner.position - end;
      }
      if (headerRecords > 0) continue;

      // Cut a chunk at the first record end at or after targetBytes, as often as the bytes allow.
      for (;;) {
        const found = scanner.scan(buffer.view(), scanned, Infinity, target);
        scanned = scanner.position;
        if (found > 0) {
          boundary = scanner.lastEnd;
          recordsBeforeBoundary += found;
        }
        if (boundary < target) break;
        yield chunk(buffer.take(boundary), split.source, nextRecord, columns);
        nextRecord += recordsBeforeBoundary;
        scanned -= boundary;
        boundary = 0;
        recordsBeforeBoundary = 0;
      }
    }

    // Input that ends inside the header rows has no data records.
    if (headerRecords === 0 && buffer.length > 0) yield chunk(buffer.takeRest(), split.source, nextRecord, columns);
  } finally {
    await reader?.close();
    await pieces?.return?.();
  }
}

/**
 * How many bytes a split holds, when that is known before reading: its size (a byte range's length)
 * when it is stored uncompressed, else null. A guess only: a byte range's last record runs past
 * its end, and a server may send more than it announced; the buffer grows then.
 */
function knownBytes(split: InputSplit): number | null {
  return compressionOf(split.source) !== null || split.size <= 0 ? null : split.size;
}

/** The path of a split that is a local file stored uncompressed (read without a stream), else null. */
function localUncompressedFile(split: InputSplit): string | null {
  return resolveInputSource(split.inputSource).type === 'local' && compressionOf(split.source) === null ? split.source : null;
}

function chunk(bytes: Uint8Array, source: string, firstRecord: number, columns: readonly string[] | undefined): RecordChunk {
  return columns ? { bytes, source, firstRecord, columns } : { bytes, source, firstRecord };
}

/** The header's column names if this record is the header (`findColumnsFromHeader`), else undefined. */
function headerColumns(format: InputFormatSpec, record: Uint8Array, source: string): readonly string[] | undefined {
  if ((format.type !== 'csv' && format.type !== 'tsv') || !format.findColumnsFromHeader) return undefined;
  return parseHeader(new TextDecoder('utf-8', { ignoreBOM: true }).decode(record), format, source);
}

/**
 * A growable byte buffer that is filled at the end and consumed from the front. A chunk taken from
 * it keeps the buffer it lies in; the bytes after it move to a fresh buffer (a small copy: less than
 * one read).
 */
class ByteAccumulator {
  private data: Uint8Array;
  length = 0;
  /** Bytes asked of a file per read: up to FILE_READ_BYTES, less for small chunks or inputs. */
  private readonly readBytes: number;
  /** Size of a fresh buffer: a chunk and one read past its end. */
  private readonly capacity: number;
  /**
   * @param knownBytes the input's size, when known: a small input (an inline VALUES list, a short
   *   file) gets a buffer its size, not a chunk's. Zero-filling megabytes per query, and the garbage
   *   collections they set off, had cost each `SELECT 1` about 3 ms of main-thread CPU.
   */
  constructor(
    targetBytes: number,
    private readonly buffers: ChunkBuffers,
    knownBytes: number | null,
  ) {
    const chunkBytes = Math.min(targetBytes, (knownBytes ?? Infinity) + 1);
    this.readBytes = Math.min(FILE_READ_BYTES, Math.max(chunkBytes, 4096));
    this.capacity = chunkBytes + this.readBytes;
    this.data = buffers.take(this.capacity);
  }
  /** Appends the next piece of `pieces`; false at their end. */
  async appendNext(pieces: AsyncIterator<Uint8Array>): Promise<boolean> {
    const next = await pieces.next();
    if (next.done) return false;
    this.reserve(next.value.length);
    this.data.set(next.value, this.length);
    this.length += next.value.length;
    return true;
  }
  /** Reads up to one read's worth of `reader` into the free space; returns the bytes read (0 at the end). */
  async readFrom(reader: LocalFileReader): Promise<number> {
    this.reserve(this.readBytes);
    const n = await reader.read(this.data, this.length, this.readBytes);
    this.length += n;
    return n;
  }
  /** The bytes held, as a view (valid until the next append, read, consume or take). */
  view(): Uint8Array {
    return this.data.subarray(0, this.length);
  }
  /** Drops the first `n` bytes. */
  consume(n: number): void {
    this.data.copyWithin(0, n, this.length);
    this.length -= n;
  }
  /** Takes the first `n` bytes as a chunk that starts its own buffer; the rest stay held. */
  take(n: number): Uint8Array {
    const taken = this.data.subarray(0, n);
    const next = this.buffers.take(Math.max(this.capacity, this.length - n + this.readBytes));
    next.set(this.data.subarray(n, this.length));
    this.data = next;
    this.length -= n;
    return taken;
  }
  /** Takes every byte held as the last chunk, leaving the accumulator empty with no buffer taken for more. */
  takeRest(): Uint8Array {
    const taken = this.data.subarray(0, this.length);
    this.data = new Uint8Array(0);
    this.length = 0;
    return taken;
  }
  private reserve(bytes: number): void {
    const needed = this.length + bytes;
    if (needed <= this.data.length) return;
    const grown = this.buffers.take(Math.max(needed, this.data.length * 2));
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }
}
