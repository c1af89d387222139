/**
 * Work arrays reused by every column of one segment: those sized by its row count (row ids, values,
 * null flags, bitmap index rows, raw blocks), which every column needs again. Touching fresh memory
 * costs page faults, and each large allocation counts as external memory pressure that makes V8
 * run a full garbage collection, so a segment allocates them a few times, not per column; names
 * are shared across steps that never run at once, so what is kept is one set of row-sized arrays.
 * Arrays sized by one column's dictionary or text (its distinct values, their sort, its dictionary
 * block) are that column's own: kept here, the largest dictionary's would stay for the rest of
 * the segment, beside the next large column's.
 */

/** Shared names: a column's rows back to back (numeric values, string ids), before they are ordered. */
export const ROWS = 'rows';
/** The rows taken in the segment's order. */
export const GATHERED = 'gathered';
/** A raw block; a column's blocks are made one at a time, each written before the next is made. */
export const BLOCK = 'block';

type Kind = 'u8' | 'i32' | 'u32' | 'f64';
type ArrayOf<K extends Kind> = K extends 'u8' ? Uint8Array : K extends 'i32' ? Int32Array : K extends 'u32' ? Uint32Array : Float64Array;

const CONSTRUCTORS = { u8: Uint8Array, i32: Int32Array, u32: Uint32Array, f64: Float64Array } as const;

/**
 * Named, grow-only work arrays. An array handed out is valid until the same name is asked for
 * again (normally by the next column): callers must copy what they keep. A name is memory, not a
 * type: asked for as another kind, it views the same bytes, so steps that never run at once (a
 * numeric column's values, a string column's ids) share one allocation by sharing a name.
 */
export class EncodeScratch {
  private readonly buffers = new Map<string, ArrayBuffer>();

  /** @param numRows rows of the segment being encoded */
  constructor(readonly numRows: number) {}

  /** A Uint8Array of exactly `length` elements (contents undefined). */
  u8(name: string, length: number = this.numRows): Uint8Array {
    return this.get(name, 'u8', length);
  }

  /** An Int32Array of exactly `length` elements (contents undefined). */
  i32(name: string, length: number = this.numRows): Int32Array {
    return this.get(name, 'i32', length);
  }

  /** A Uint32Array of exactly `length` elements (contents undefined). */
  u32(name: string, length: number = this.numRows): Uint32Array {
    return this.get(name, 'u32', length);
  }

  /** A Float64Array of exactly `length` elements (contents undefined). */
  f64(name: string, length: number = this.numRows): Float64Array {
    return this.get(name, 'f64', length);
  }

  private get<K extends Kind>(name: string, kind: K, length: number): ArrayOf<K> {
    const Constructor = CONSTRUCTORS[kind];
    const bytes = length * Constructor.BYTES_PER_ELEMENT;
    let buffer = this.buffers.get(name);
    if (!buffer || buffer.byteLength < bytes) {
      // Whole 8-byte words, so that any kind can view the buffer from its start.
      const capacity = Math.ceil((buffer ? Math.max(bytes, buffer.byteLength * 1.5) : bytes) / 8) * 8;
      buffer = new ArrayBuffer(capacity);
      this.buffers.set(name, buffer);
    }
    return new Constructor(buffer, 0, length) as ArrayOf<K>;
  }
}
