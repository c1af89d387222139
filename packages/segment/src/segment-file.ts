import { readFile } from 'node:fs/promises';
import { type Interval, invalidInput, type RowSignature } from '@silt/common';
import type { Frame, FrameColumn } from '@silt/frame';
import { readBitmapEntry } from './bitmap-index.ts';
import { decompressBlock } from './block-codec.ts';
import { decodeFixedBlock, decodeJsonBlock, decodeLongBlock, expectedBlocks } from './column-decoders.ts';
import { decodeDictionaryBlock } from './dictionary-block.ts';
import { decodeRowIds } from './row-ids.ts';
import { decodeHeader, type SegmentBlock, type SegmentColumnInfo } from './segment-format.ts';

/**
 * A segment file opened for reading (format in segment-format.ts). Opening parses only the header;
 * each read decompresses and decodes just the blocks it needs. Dictionaries and bitmap indexes are
 * cached after first use. To read in a worker thread, transfer the file's bytes and call
 * {@link decodeSegment} there.
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

  private constructor(private readonly bytes: Uint8Array) {
    const header = decodeHeader(bytes);
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
        if (b.offset + b.storedLength > bytes.length) throw new Error(`Corrupt segment: column [${c.name}] block past end of file`);
      }
      this.byName.set(c.name, c);
    }
  }

  /** Reads the whole file at `path` and parses its header. */
  static async open(path: string): Promise<SegmentFile> {
    return new SegmentFile(await readFile(path));
  }

  /** A segment over bytes already in memory (e.g. handed to a worker thread). Parses the header only. */
  static fromBytes(bytes: Uint8Array): SegmentFile {
    return new SegmentFile(bytes);
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
      columns: infos.map((c) => this.decodeColumn(c)),
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
      dictionary = decodeDictionaryBlock(this.block(info.blocks[0]!));
      this.dictionaries.set(info.name, dictionary);
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
    return decompressBlock(this.bytes.subarray(block.offset, block.offset + block.storedLength), block.codec, block.rawLength);
  }
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
