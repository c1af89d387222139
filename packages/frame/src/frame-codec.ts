/**
 * Binary form of a frame, used to move frames between threads (transferable ArrayBuffer) and to
 * spill them to files. All integers little-endian.
 *
 * ```
 * offset  size  field
 * 0       4     magic "SFR1"
 * 4       4     total byte length of the encoded frame
 * 8       4     numRows
 * 12      4     signature JSON byte length (S)
 * 16      S     signature JSON (UTF-8), then zero padding to a multiple of 8
 * ...           one block per column, each starting 8-aligned:
 *   kind 0 (numeric): u8 kind, u8 hasNulls, 6 pad; [numRows null bytes, pad to 8]; numRows × f64
 *   kind 1 (string):  u8 kind, u8 flags (bit 0: no dictionary value twice; bit 1: every byte
 *                     is ASCII), 2 pad, u32 dictSize, u32 dictBytes, 4 pad;
 *                     (dictSize+1) × u32 offsets into the dictionary bytes; dictBytes UTF-8; pad to 4;
 *                     numRows × i32 ids (-1 = null); pad to 8
 *   kind 2 (object):  u8 kind, 3 pad, u32 JSON byte length (J); J bytes JSON array of values; pad to 8
 * ```
 */
import type { RowSignature } from '@silt/common';
import type { FrameColumn } from './column.ts';
import { isDistinctDictionary, markDistinctDictionary } from './distinct-dictionary.ts';
import type { Frame } from './frame.ts';
import { decodeStrings, encodeUtf8Dictionary } from './utf8-dictionary.ts';

const MAGIC = 0x31524653; // "SFR1"
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** String block flags: the dictionary holds no value twice (distinct-dictionary.ts); its bytes are all ASCII. */
const DISTINCT_DICTIONARY = 1;
const ASCII_DICTIONARY = 2;

const align = (n: number, a: number) => (n + a - 1) & ~(a - 1);

interface EncodedColumn {
  size: number;
  write(view: DataView, bytes: Uint8Array, at: number): void;
}

function encodeColumn(column: FrameColumn, numRows: number): EncodedColumn {
  switch (column.kind) {
    case 'numeric': {
      const nullBytes = column.nulls ? align(numRows, 8) : 0;
      return {
        size: 8 + nullBytes + numRows * 8,
        write(view, bytes, at) {
          view.setUint8(at, 0);
          view.setUint8(at + 1, column.nulls ? 1 : 0);
          if (column.nulls) bytes.set(column.nulls.subarray(0, numRows), at + 8);
          new Float64Array(bytes.buffer, bytes.byteOffset + at + 8 + nullBytes, numRows).set(column.values.subarray(0, numRows));
        },
      };
    }
    case 'string': {
      // A UTF-8 dictionary is written as it is, and its strings stay undecoded.
      const { bytes: blob, offsets, asciiCount } = column.utf8 ?? encodeUtf8Dictionary(column.dictionary);
      const ascii = asciiCount === offsets.length - 1;
      const dictBytes = blob.length;
      const offsetsSize = offsets.byteLength;
      const idsAt = align(16 + offsetsSize + dictBytes, 4);
      return {
        size: align(idsAt + numRows * 4, 8),
        write(view, bytes, at) {
          view.setUint8(at, 1);
          view.setUint8(at + 1, (!column.utf8 && isDistinctDictionary(column.dictionary) ? DISTINCT_DICTIONARY : 0) | (ascii ? ASCII_DICTIONARY : 0));
          view.setUint32(at + 4, offsets.length - 1, true);
          view.setUint32(at + 8, dictBytes, true);
          new Uint8Array(bytes.buffer, bytes.byteOffset + at + 16, offsetsSize).set(new Uint8Array(offsets.buffer, offsets.byteOffset, offsetsSize));
          bytes.set(blob, at + 16 + offsetsSize);
          new Int32Array(bytes.buffer, bytes.byteOffset + at + idsAt, numRows).set(column.ids.subarray(0, numRows));
        },
      };
    }
    case 'object': {
      const json = encoder.encode(JSON.stringify(column.values.slice(0, numRows), jsonReplacer));
      return {
        size: align(8 + json.length, 8),
        write(view, bytes, at) {
          view.setUint8(at, 2);
          view.setUint32(at + 4, json.length, true);
          bytes.set(json, at + 8);
        },
      };
    }
  }
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

/** Encodes a frame into a fresh, 8-aligned buffer (transferable). */
export function encodeFrame(frame: Frame): Uint8Array {
  const sig = encoder.encode(JSON.stringify(frame.signature));
  const headerSize = align(16 + sig.length, 8);
  const cols = frame.columns.map((c) => encodeColumn(c, frame.numRows));
  const total = cols.reduce((n, c) => n + c.size, headerSize);
  const bytes = new Uint8Array(new ArrayBuffer(total));
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, total, true);
  view.setUint32(8, frame.numRows, true);
  view.setUint32(12, sig.length, true);
  bytes.set(sig, 16);
  let at = headerSize;
  for (const c of cols) {
    c.write(view, bytes, at);
    at += c.size;
  }
  return bytes;
}

/** What an encoded frame's header says; `bytes` must cover the header (16 bytes and the signature). */
export interface FrameHeader {
  /** The encoded frame's byte length. */
  readonly total: number;
  readonly numRows: number;
  readonly signature: RowSignature;
  /** Where the first column block starts. */
  readonly columnsAt: number;
}

/** Decodes the header of the encoded frame starting at `bytes[0]` (throws on a bad magic). */
export function decodeFrameHeader(bytes: Uint8Array): FrameHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('Not a frame: bad magic');
  const sigLen = view.getUint32(12, true);
  const signature = JSON.parse(decoder.decode(bytes.subarray(16, 16 + sigLen))) as RowSignature;
  return { total: view.getUint32(4, true), numRows: view.getUint32(8, true), signature, columnsAt: align(16 + sigLen, 8) };
}

/**
 * The byte length of the column block at `at` of an encoded frame (`view` over the frame's bytes),
 * padding included: where the next column's block starts. `view` may also cover only the block's
 * first 16 bytes.
 */
export function columnBlockLength(view: DataView, at: number, numRows: number): number {
  const kind = view.getUint8(at);
  if (kind === 0) return 8 + (view.getUint8(at + 1) === 1 ? align(numRows, 8) : 0) + numRows * 8;
  if (kind === 1) {
    const dictSize = view.getUint32(at + 4, true);
    const dictBytes = view.getUint32(at + 8, true);
    const idsAt = align(16 + (dictSize + 1) * 4 + dictBytes, 4);
    return align(idsAt + numRows * 4, 8);
  }
  if (kind === 2) return align(8 + view.getUint32(at + 4, true), 8);
  throw new Error(`Corrupt frame: column kind ${kind}`);
}

/**
 * Decodes the column block at `at` of `bytes` (8-aligned at the block's start), of a frame of
 * `numRows` rows. Numeric and id arrays are views over `bytes`, or copies under `copy`.
 */
export function decodeColumnBlock(bytes: Uint8Array, at: number, numRows: number, copy: boolean): FrameColumn {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const own = <T extends Uint8Array | Float64Array | Int32Array>(view: T): T => (copy ? (view.slice() as T) : view);
  const kind = view.getUint8(at);
  if (kind === 0) {
    const hasNulls = view.getUint8(at + 1) === 1;
    const nullBytes = hasNulls ? align(numRows, 8) : 0;
    const nulls = hasNulls ? own(bytes.subarray(at + 8, at + 8 + numRows)) : null;
    const values = own(new Float64Array(bytes.buffer, bytes.byteOffset + at + 8 + nullBytes, numRows));
    return { kind: 'numeric', values, nulls };
  }
  if (kind === 1) {
    const block = decodeStringBlockBytes(bytes, at, numRows);
    const flags = view.getUint8(at + 1);
    const dictionary = decodeStrings({ bytes: block.data, offsets: block.offsets, asciiCount: flags & ASCII_DICTIONARY ? block.offsets.length - 1 : 0 });
    if (flags & DISTINCT_DICTIONARY) markDistinctDictionary(dictionary);
    return { kind: 'string', ids: own(block.ids), dictionary };
  }
  if (kind === 2) {
    const len = view.getUint32(at + 4, true);
    return { kind: 'object', values: JSON.parse(decoder.decode(bytes.subarray(at + 8, at + 8 + len))) as unknown[] };
  }
  throw new Error(`Corrupt frame: column kind ${kind}`);
}

/**
 * A STRING column block as the frame stores it: entry k of the dictionary is the UTF-8 bytes
 * `data[offsets[k]]` … `data[offsets[k + 1]]`. No JavaScript string is made for a value, which
 * is what a consumer that only compares and copies bytes (segment dictionaries) wants.
 */
export interface StringBytesColumn {
  readonly data: Uint8Array;
  readonly offsets: Uint32Array;
  /** Per row: the dictionary entry, -1 for null. */
  readonly ids: Int32Array;
}

/**
 * The STRING column block at `at` of `bytes` (8-aligned at the block's start) as views over
 * `bytes`, its dictionary left as UTF-8; throws when the block is not a STRING column.
 */
export function decodeStringBlockBytes(bytes: Uint8Array, at: number, numRows: number): StringBytesColumn {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(at) !== 1) throw new Error(`Corrupt frame: column kind ${view.getUint8(at)} is not a string column`);
  const dictSize = view.getUint32(at + 4, true);
  const dictBytes = view.getUint32(at + 8, true);
  const offsetsAt = at + 16;
  const dataAt = offsetsAt + (dictSize + 1) * 4;
  const idsAt = align(dataAt + dictBytes - at, 4) + at;
  return {
    data: bytes.subarray(dataAt, dataAt + dictBytes),
    offsets: new Uint32Array(bytes.buffer, bytes.byteOffset + offsetsAt, dictSize + 1),
    ids: new Int32Array(bytes.buffer, bytes.byteOffset + idsAt, numRows),
  };
}

/**
 * Decodes a frame, or only its columns named in `columns` (the others are skipped undecoded).
 * Numeric and id arrays are views over `bytes` when it is 8-aligned (zero-copy), copies otherwise;
 * with `columns`, always copies, so the bytes of the columns left out can be freed. Behaviour is
 * undefined if `bytes` is modified afterwards.
 */
export function decodeFrame(input: Uint8Array, columns?: ReadonlySet<string>): Frame {
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { total, numRows, signature, columnsAt } = decodeFrameHeader(bytes);
  if (total > bytes.byteLength) throw new Error(`Truncated frame: ${bytes.byteLength} of ${total} bytes`);
  let at = columnsAt;
  const decoded: FrameColumn[] = [];
  for (let c = 0; c < signature.length; c++) {
    const end = at + columnBlockLength(view, at, numRows);
    if (!columns || columns.has(signature[c]!.name)) decoded.push(decodeColumnBlock(bytes, at, numRows, columns !== undefined));
    at = end;
  }
  return { signature: columns ? signature.filter((c) => columns.has(c.name)) : signature, numRows, columns: decoded };
}
