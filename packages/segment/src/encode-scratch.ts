/**
 * Work arrays shared by the steps of one column's encoding (its dictionary, row ids, bitmap index
 * and blocks), so that a step asks for an array by name and a column allocates each a few times.
 * A segment writer takes a new scratch for every column: a scratch kept for the whole segment held
 * the largest array of every name at once (the sort arrays of one column beside the dictionary text
 * of another), while a column's own arrays are garbage once its blocks are written.
 */

type Kind = 'u8' | 'i32' | 'u32' | 'f64';
type ArrayOf<K extends Kind> = K extends 'u8' ? Uint8Array : K extends 'i32' ? Int32Array : K extends 'u32' ? Uint32Array : Float64Array;

const CONSTRUCTORS = { u8: Uint8Array, i32: Int32Array, u32: Uint32Array, f64: Float64Array } as const;

/**
 * Named, grow-only work arrays. An array handed out is valid until the same name is asked for
 * again (normally by the next column): callers must copy what they keep.
 */
export class EncodeScratch {
  private readonly arrays = new Map<string, Uint8Array | Int32Array | Uint32Array | Float64Array>();

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
    const key = `${kind}:${name}`;
    let array = this.arrays.get(key) as ArrayOf<K> | undefined;
    if (!array || array.length < length) {
      const capacity = array ? Math.max(length, Math.ceil(array.length * 1.5)) : length;
      array = new CONSTRUCTORS[kind](capacity) as ArrayOf<K>;
      this.arrays.set(key, array);
    }
    return array.subarray(0, length) as ArrayOf<K>;
  }
}
