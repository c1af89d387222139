/**
 * The Silt columnar segment file format (version 2). All integers little-endian.
 *
 * ```
 * offset  size  field
 * 0       4     magic "SSEG" (53 53 45 47)
 * 4       2     format version (2)
 * 6       1     flags: bit 0 = rollup
 * 7       1     reserved (0)
 * 8       4     header length H in bytes (the column blocks start at H rounded up to 8)
 * 12      4     numRows
 * 16      8     interval start, i64 epoch milliseconds
 * 24      8     interval end, i64 epoch milliseconds (exclusive)
 * 32      2     column count C (signature order; column 0 is `__time` LONG)
 * 34      2     dimension count
 * 36      2     metric count
 * 38      2     reserved (0)
 * 40      …     C column entries, each:
 *                 u16 name byte length, name UTF-8
 *                 u8  type byte length, type name ASCII (`LONG`, `STRING`, `COMPLEX<json>`, …)
 *                 u8  encoding: 0 long varint, 1 f64, 2 f32, 3 dictionary, 4 JSON
 *                 u8  flags: bit 0 = the column has null rows
 *                 f64 min, f64 max over non-null values (numeric encodings; NaN otherwise or when
 *                     there is no value). Column 0's pair is the segment's `__time` range.
 *                 u8  block count B
 *                 B × { u8 codec (0 stored, 1 raw deflate, 2 brotli, 3 pieces; see block-codec.ts),
 *                       u64 block offset from the file start, u32 stored byte length,
 *                       u32 raw (decompressed) byte length }
 *               dimension names, each u16 byte length + UTF-8
 *               metric names, each u16 byte length + UTF-8
 *               zero padding to a multiple of 8
 * …             column blocks, each starting at a multiple of 8 (zero padding between blocks)
 * ```
 *
 * Block contents, before compression (a "null bitmap" has bit `r & 7` of byte `r >> 3` set when
 * row r is null, and is present only when the column's has-nulls flag is set). Varints are
 * unsigned LEB128 (byte-buffer.ts); zigzag maps d ≥ 0 to 2d and d < 0 to −2d − 1.
 * - encoding 0, long (1 block): u8 mode, the null bitmap, then for each non-null row in order a
 *   varint of zigzag(value − previous non-null value), the previous value starting at 0 (mode 0,
 *   delta), or of zigzag(value) (mode 1, plain). The writer picks the smaller; mode 0 needs
 *   consecutive differences within ±2^52, mode 1 values within ±2^52. LONG columns whose values
 *   fit neither (or are not safe integers) use encoding 1.
 * - encoding 1, f64 / encoding 2, f32 (1 block): null bitmap padded to a multiple of 8, then the
 *   non-null values as IEEE-754 doubles (DOUBLE) or singles (FLOAT). FLOAT values are rounded to
 *   32 bits when written, as Druid stores them.
 * - encoding 3, dictionary (3 blocks), for STRING columns with single values:
 *   block 0 (dictionary): the D distinct values sorted ascending (UTF-16 code unit order, as
 *     Druid), front-coded; layout in dictionary-block.ts.
 *   block 1 (row ids): per row (dictionary id + 1), 0 meaning null, bit-packed or delta-coded;
 *     layout in row-ids.ts.
 *   block 2 (bitmap index): per dictionary id the sorted rows holding it; layout in bitmap-index.ts.
 * - encoding 4, JSON (1 block): UTF-8 JSON array with one element per row. Multi-value strings
 *   (string arrays), arrays and COMPLEX<json> values take this path.
 *
 * The writer compresses every block with brotli (quality 1; earlier writers used deflate for the
 * binary blocks, which readers still accept), keeping a compressed form only when it saves 10%
 * (block-codec.ts). A dictionary block of more than one piece (4 MiB of raw bytes) is stored as
 * codec 3, pieces: each piece stored or brotli on its own, back to back, then a piece table of
 * { u8 codec (0 or 2), u32 stored length, u32 raw length } per piece and a u32 piece count; the raw
 * block is the pieces' raw bytes back to back. Assumes little-endian hosts for the typed-array
 * regions, like the frame codec.
 * Tombstone segments have no file.
 */
import type { ColumnType, Interval } from '@silt/common';
import { ByteWriter } from './byte-buffer.ts';

/** "SSEG" read as a little-endian u32. */
export const SEGMENT_MAGIC = 0x47455353;
/** The format version this code writes and reads. */
export const SEGMENT_FORMAT_VERSION = 2;

/** How a column's values are laid out in its blocks. */
export type ColumnEncoding = 'long' | 'double' | 'float' | 'dictionary' | 'json';

const ENCODINGS: readonly ColumnEncoding[] = ['long', 'double', 'float', 'dictionary', 'json'];

/** How a block's bytes are stored: as they are, raw deflate, brotli, or in pieces. */
export type BlockCodec = 'stored' | 'deflate' | 'brotli' | 'pieces';

const CODECS: readonly BlockCodec[] = ['stored', 'deflate', 'brotli', 'pieces'];

/** One stored block of a column. `codec` says how the stored bytes are compressed. */
export interface SegmentBlock {
  readonly codec: BlockCodec;
  /** Byte offset from the start of the file. */
  readonly offset: number;
  readonly storedLength: number;
  readonly rawLength: number;
}

/** A column's directory entry: how it is encoded, where its blocks are, its value range. */
export interface SegmentColumnInfo {
  readonly name: string;
  readonly type: ColumnType;
  readonly encoding: ColumnEncoding;
  readonly hasNulls: boolean;
  /** Smallest non-null value of a numeric column; NaN for other columns or without values. */
  readonly min: number;
  /** Largest non-null value of a numeric column; NaN for other columns or without values. */
  readonly max: number;
  readonly blocks: readonly SegmentBlock[];
}

/** Everything the header of a segment file holds. */
export interface SegmentHeader {
  readonly numRows: number;
  readonly interval: Interval;
  readonly rollup: boolean;
  readonly columns: readonly SegmentColumnInfo[];
  readonly dimensions: readonly string[];
  readonly metrics: readonly string[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Writes a header; block offsets in `header` must already be final. */
export function encodeHeader(header: SegmentHeader): Uint8Array {
  const w = new ByteWriter(256 + header.columns.length * 64);
  w.u32(SEGMENT_MAGIC);
  const scratch = new DataView(new ArrayBuffer(8));
  const u16 = (v: number) => {
    if (v > 0xffff) throw new Error(`Segment header field out of range: ${v}`);
    w.u8(v & 0xff);
    w.u8(v >>> 8);
  };
  const fixed = (set: (v: DataView) => void, size: number) => {
    set(scratch);
    w.bytes(new Uint8Array(scratch.buffer, 0, size));
  };
  u16(SEGMENT_FORMAT_VERSION);
  w.u8(header.rollup ? 1 : 0);
  w.u8(0);
  w.u32(0); // header length, patched below
  w.u32(header.numRows);
  fixed((v) => v.setBigInt64(0, BigInt(header.interval.start), true), 8);
  fixed((v) => v.setBigInt64(0, BigInt(header.interval.end), true), 8);
  u16(header.columns.length);
  u16(header.dimensions.length);
  u16(header.metrics.length);
  u16(0);
  const name16 = (s: string) => {
    const b = encoder.encode(s);
    u16(b.length);
    w.bytes(b);
  };
  for (const c of header.columns) {
    name16(c.name);
    const t = encoder.encode(c.type);
    w.u8(t.length);
    w.bytes(t);
    w.u8(ENCODINGS.indexOf(c.encoding));
    w.u8(c.hasNulls ? 1 : 0);
    fixed((v) => v.setFloat64(0, c.min, true), 8);
    fixed((v) => v.setFloat64(0, c.max, true), 8);
    w.u8(c.blocks.length);
    for (const b of c.blocks) {
      w.u8(CODECS.indexOf(b.codec));
      fixed((v) => v.setBigUint64(0, BigInt(b.offset), true), 8);
      w.u32(b.storedLength);
      w.u32(b.rawLength);
    }
  }
  for (const d of header.dimensions) name16(d);
  for (const m of header.metrics) name16(m);
  const bytes = w.finish();
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(8, bytes.length, true);
  return bytes;
}

/** Byte length of the header for these columns/names (independent of block offsets). */
export function headerLength(header: SegmentHeader): number {
  return encodeHeader(header).length;
}

/** Parses the header at the start of `bytes`. Throws on a bad magic, version or truncation. */
export function decodeHeader(bytes: Uint8Array): SegmentHeader {
  if (bytes.length < 40) throw new Error('Not a segment file: too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== SEGMENT_MAGIC) throw new Error('Not a segment file: bad magic');
  const version = view.getUint16(4, true);
  if (version !== SEGMENT_FORMAT_VERSION) throw new Error(`Unsupported segment format version ${version}`);
  const rollup = (view.getUint8(6) & 1) === 1;
  const headerLen = view.getUint32(8, true);
  if (headerLen > bytes.length) throw new Error('Corrupt segment: truncated header');
  const numRows = view.getUint32(12, true);
  const interval = { start: Number(view.getBigInt64(16, true)), end: Number(view.getBigInt64(24, true)) };
  const numColumns = view.getUint16(32, true);
  const numDims = view.getUint16(34, true);
  const numMetrics = view.getUint16(36, true);
  let p = 40;
  const str16 = () => {
    const len = view.getUint16(p, true);
    const s = decoder.decode(bytes.subarray(p + 2, p + 2 + len));
    p += 2 + len;
    return s;
  };
  const columns: SegmentColumnInfo[] = [];
  for (let c = 0; c < numColumns; c++) {
    const name = str16();
    const typeLen = view.getUint8(p);
    const type = decoder.decode(bytes.subarray(p + 1, p + 1 + typeLen)) as ColumnType;
    p += 1 + typeLen;
    const encoding = ENCODINGS[view.getUint8(p)];
    if (!encoding) throw new Error(`Corrupt segment: column [${name}] encoding ${view.getUint8(p)}`);
    const hasNulls = (view.getUint8(p + 1) & 1) === 1;
    const min = view.getFloat64(p + 2, true);
    const max = view.getFloat64(p + 10, true);
    const numBlocks = view.getUint8(p + 18);
    p += 19;
    const blocks: SegmentBlock[] = [];
    for (let b = 0; b < numBlocks; b++) {
      const codec = CODECS[view.getUint8(p)];
      if (!codec) throw new Error(`Corrupt segment: column [${name}] block codec ${view.getUint8(p)}`);
      blocks.push({
        codec,
        offset: Number(view.getBigUint64(p + 1, true)),
        storedLength: view.getUint32(p + 9, true),
        rawLength: view.getUint32(p + 13, true),
      });
      p += 17;
    }
    columns.push({ name, type, encoding, hasNulls, min, max, blocks });
  }
  const dimensions = Array.from({ length: numDims }, str16);
  const metrics = Array.from({ length: numMetrics }, str16);
  if (p !== headerLen) throw new Error('Corrupt segment: header length mismatch');
  return { numRows, interval, rollup, columns, dimensions, metrics };
}
