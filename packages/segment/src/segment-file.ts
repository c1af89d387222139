import { closeSync, fstatSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type Interval, invalidInput, type RowSignature } from '@silt/common';
import { type Frame, type FrameColumn, markDistinctDictionary, readAtSync } from '@silt/frame';
import { readBitmapEntry } from './bitmap-index.ts';
import { decompressBlock } from './block-codec.ts';
import { decodeFixedBlock, decodeJsonBlock, decodeLongBlock, expectedBlocks } from './column-decoders.ts';
import { decodeDictionaryBlock } from './dictionary-block.ts';
import { decodeRowIds } from './row-ids.ts';
import { decodeHeader, SEGMENT_MAGIC, type SegmentBlock, type SegmentColumnInfo } from './segment-format.ts';

/** Reads `length` bytes of the segment file from `offset`. */
type ByteRangeReader = (offset: number, length: number) => Uint8Array;

/**
 * A segment file opened for reading (format in segment-format.ts). Opening parses only the header;
 * each read fetches, decompresses and decodes just the blocks it needs. Decoded columns,
 * dictionaries and bitmap indexes are kept after first use ({@link retainedBytes} says how much
 * they hold), so a SegmentFile kept open answers later reads from memory. To read in a worker
 * thread, open the path there ({@link openSync}) or transfer the file's bytes ({@link decodeSegment}).
 *
 * @example
 * ```ts
 * const segment = await SegmentFile.open('/deep/wiki/0/index.sseg');
 * const rows = segment.rowsMatching('channel', ['#en.wikipedia']);
 * const frame = segment.readColumns(['__time', 'page']);
 * ```
 */
export class SegmentFile {
  /** Column names and types, `__time` first. */
  readonly signature: RowSignature;
  readonly numRows: number;
  readonly interval: Interval;
  readonly dimensions: readonly string[];
  readonly metrics: readonly string[];
  readonly rollup: boolean;
  /** The header's directory entry for each column, in signature order. */
  readonly columns: readonly SegmentColumnInfo[];
  private readonly byName = new Map<string, SegmentColumnInfo>();
  private readonly dictionaries = new Map<string, string[]>();
  private readonly indexes = new Map<string, Uint8Array>();
  private readonly decoded = new Map<string, FrameColumn>();
  private retained = 0;

  private constructor(headerBytes: Uint8Array, fileLength: number, private readonly readBytes: ByteRangeReader) {
    const header = decodeHeader(headerBytes);
    this.numRows = header.numRows;
    this.interval = header.interval;
    this.dimensions = header.dimensions;
    this.metrics = header.metrics;
    this.rollup = header.rollup;
    this.columns = header.columns;
    this.signature = header.columns.map((c) => ({ name: c.name, type: c.type }));
    for (const c of header.columns) {
      if (c.blocks.length !== expectedBlocks(c)) throw new Error(`Corrupt segment: column [${c.name}] has ${c.blocks.length} blocks`);
      for (const b of c.blocks) {
        if (b.offset + b.storedLength > fileLength) throw new Error(`Corrupt segment: column [${c.name}] block past end of file`);
      }
      this.byName.set(c.name, c);
    }
  }

  /** Reads the whole file at `path` and parses its header. */
  static async open(path: string): Promise<SegmentFile> {
    return SegmentFile.fromBytes(await readFile(path));
  }

  /**
   * Reads only the header of the file at `path`; blocks are read from the file when a column needs
   * them (the file is opened for each read, so nothing stays open).
   */
  static openSync(path: string): SegmentFile {
    const fd = openSync(path, 'r');
    try {
      const fileLength = fstatSync(fd).size;
      const prefix = readRange(fd, 0, Math.min(HEADER_LENGTH_END, fileLength));
      const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.length);
      const isSegment = prefix.length === HEADER_LENGTH_END && view.getUint32(0, true) === SEGMENT_MAGIC;
      // Anything else reads whole into decodeHeader, which says what is wrong with it.
      const headerLength = isSegment ? view.getUint32(8, true) : Math.min(fileLength, FIXED_HEADER_LENGTH);
      if (headerLength > fileLength) throw new Error('Corrupt segment: truncated header');
      const header = readRange(fd, 0, headerLength);
      return new SegmentFile(header, fileLength, (offset, length) => {
        const blockFd = openSync(path, 'r');
        try {
          return readRange(blockFd, offset, length);
        } finally {
          closeSync(blockFd);
        }
      });
    } finally {
      closeSync(fd);
    }
  }

  /** A segment over bytes already in memory (e.g. handed to a worker thread). Parses the header only. */
  static fromBytes(bytes: Uint8Array): SegmentFile {
    return new SegmentFile(bytes, bytes.length, (offset, length) => bytes.subarray(offset, offset + length));
  }

  /** Bytes held by the decoded columns, dictionaries and bitmap indexes kept so far (an estimate). */
  retainedBytes(): number {
    return this.retained;
  }

  /** The directory entry of a column; throws `invalidInput` for an unknown column. */
  column(name: string): SegmentColumnInfo {
    const info = this.byName.get(name);
    if (!info) throw invalidInput(`Column [${name}] is not in the segment`);
    return info;
  }

  /**
   * Decodes the named columns (only those) over the whole segment into one frame, in the order
   * asked. STRING columns come back as `string` columns over the sorted dictionary; multi-value and
   * JSON columns as `object` columns.
   */
  readColumns(columns: readonly string[]): Frame {
    const infos = columns.map((name) => this.column(name));
    return {
      signature: infos.map((c) => ({ name: c.name, type: c.type })),
      numRows: this.numRows,
      columns: infos.map((c) => this.decodedColumn(c)),
    };
  }

  /**
   * Rows (sorted ascending) whose value of `column` is one of `values`. Dictionary columns answer
   * from the bitmap index without decoding rows; JSON (multi-value) columns are scanned, a row
   * matching when it is one of the values or is an array holding one. Throws `invalidInput` for
   * numeric columns.
   */
  rowsMatching(column: string, values: readonly string[]): Int32Array {
    const info = this.column(column);
    if (info.encoding === 'json') return this.scanJson(info, new Set(values));
    if (info.encoding !== 'dictionary') throw invalidInput(`Column [${column}] is not a string column`);
    const dictionary = this.dictionary(info);
    const ids = new Set<number>();
    for (const v of values) {
      const id = binarySearch(dictionary, v);
      if (id >= 0) ids.add(id);
    }
    if (ids.size === 0) return new Int32Array(0);
    let index = this.indexes.get(info.name);
    if (!index) {
      index = this.block(info.blocks[2]!);
      this.indexes.set(info.name, index);
      this.retained += index.byteLength;
    }
    const lists = [...ids].map((id) => readBitmapEntry(index, dictionary.length, id));
    if (lists.length === 1) return lists[0]!;
    const out = new Int32Array(lists.reduce((n, l) => n + l.length, 0));
    let at = 0;
    for (const l of lists) {
      out.set(l, at);
      at += l.length;
    }
    return out.sort();
  }

  /** Smallest and largest `__time` in the segment, from the header (NaN for an empty segment). */
  timeRange(): { min: number; max: number } {
    const time = this.columns[0]!;
    return { min: time.min, max: time.max };
  }

  private decodedColumn(info: SegmentColumnInfo): FrameColumn {
    let column = this.decoded.get(info.name);
    if (!column) {
      column = this.decodeColumn(info);
      this.decoded.set(info.name, column);
      this.retained += columnBytes(column);
    }
    return column;
  }

  private decodeColumn(info: SegmentColumnInfo): FrameColumn {
    const [first] = info.blocks;
    switch (info.encoding) {
      case 'long':
        return decodeLongBlock(this.block(first!), this.numRows, info.hasNulls);
      case 'double':
        return decodeFixedBlock(this.block(first!), this.numRows, info.hasNulls, 8);
      case 'float':
        return decodeFixedBlock(this.block(first!), this.numRows, info.hasNulls, 4);
      case 'dictionary': {
        const dictionary = this.dictionary(info);
        return { kind: 'string', ids: decodeRowIds(this.block(info.blocks[1]!), this.numRows, dictionary.length), dictionary };
      }
      case 'json':
        return decodeJsonBlock(this.block(first!), this.numRows);
    }
  }

  private dictionary(info: SegmentColumnInfo): string[] {
    let dictionary = this.dictionaries.get(info.name);
    if (!dictionary) {
      // Sorted by bytes with no value twice (segment-format.ts).
      dictionary = markDistinctDictionary(decodeDictionaryBlock(this.block(info.blocks[0]!)));
      this.dictionaries.set(info.name, dictionary);
      this.retained += dictionaryBytes(dictionary);
    }
    return dictionary;
  }

  private scanJson(info: SegmentColumnInfo, values: ReadonlySet<string>): Int32Array {
    const column = decodeJsonBlock(this.block(info.blocks[0]!), this.numRows);
    const rows: number[] = [];
    column.values.forEach((v, r) => {
      if (typeof v === 'string' ? values.has(v) : Array.isArray(v) && v.some((e) => typeof e === 'string' && values.has(e))) rows.push(r);
    });
    return Int32Array.from(rows);
  }

  /** The raw bytes of a block, decompressed when stored compressed. */
  private block(block: SegmentBlock): Uint8Array {
    return decompressBlock(this.readBytes(block.offset, block.storedLength), block.codec, block.rawLength);
  }
}

/** The header's length field ends here, and its fixed fields here (segment-format.ts). */
const HEADER_LENGTH_END = 12;
const FIXED_HEADER_LENGTH = 40;

function readRange(fd: number, offset: number, length: number): Uint8Array {
  const out = Buffer.allocUnsafe(length);
  if (readAtSync(fd, out, length, offset) !== length) throw new Error('Corrupt segment: file shorter than its header says');
  return out;
}

/** What a decoded column holds in memory, roughly (its dictionary is counted with the dictionaries). */
function columnBytes(column: FrameColumn): number {
  switch (column.kind) {
    case 'numeric':
      return column.values.byteLength + (column.nulls?.byteLength ?? 0);
    case 'string':
      return column.ids.byteLength;
    case 'object':
      return column.values.length * OBJECT_VALUE_BYTES;
  }
}

/** A guess at a JSON value's size: these columns are rare (multi-value and nested data). */
const OBJECT_VALUE_BYTES = 64;

/** Strings cost their UTF-16 characters plus V8's header and the array slot. */
function dictionaryBytes(dictionary: readonly string[]): number {
  let bytes = 0;
  for (const value of dictionary) bytes += 2 * value.length + 24;
  return bytes;
}

/** Opens a segment from its bytes, synchronously (for worker threads). Parses the header only. */
export function decodeSegment(bytes: Uint8Array): SegmentFile {
  return SegmentFile.fromBytes(bytes);
}

function binarySearch(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v < value) lo = mid + 1;
    else if (v > value) hi = mid - 1;
    else return mid;
  }
  return -1;
}
