/**
 * Growable byte writer and cursor reader with unsigned LEB128 varints, used by the segment
 * column encoders. Varints hold non-negative integers up to 2^53 (7 bits per byte, low bits first,
 * high bit set on every byte but the last).
 */

/** Appends bytes, varints and little-endian scalars to a buffer that grows as needed. */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  /** Bytes written so far. */
  length = 0;

  /**
   * @param capacity bytes to start with
   * @param buffer a buffer to write into while it is large enough (e.g. a reused work array);
   *   the writer outgrows it into a new one if needed
   */
  constructor(capacity = 1024, buffer?: Uint8Array) {
    this.buf = buffer && buffer.length >= 16 ? buffer : new Uint8Array(Math.max(16, capacity));
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.length + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Appends one byte. */
  u8(value: number): void {
    this.ensure(1);
    this.buf[this.length++] = value;
  }

  /** Appends a little-endian u32. */
  u32(value: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }

  /** Appends raw bytes. */
  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  /** Appends zero bytes until the length is a multiple of `alignment`. */
  pad(alignment: number): void {
    const target = align(this.length, alignment);
    this.ensure(target - this.length);
    this.buf.fill(0, this.length, target);
    this.length = target;
  }

  /** Appends an unsigned varint (0 ≤ value ≤ 2^53). */
  varint(value: number): void {
    this.ensure(8);
    let v = value;
    if (v < 0x80000000) {
      while (v >= 0x80) {
        this.buf[this.length++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      this.buf[this.length++] = v;
      return;
    }
    while (v >= 0x80) {
      this.buf[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.length++] = v;
  }

  /** The written bytes (a view; the writer must not be used afterwards). */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

/**
 * Writes an unsigned varint (0 ≤ value ≤ 2^53) at `at` of `out`, which must have room (at most 8
 * bytes); returns the position after it. For hot loops that size their output up front.
 */
export function writeVarint(out: Uint8Array, at: number, value: number): number {
  let v = value;
  if (v < 0x80) {
    out[at] = v;
    return at + 1;
  }
  while (v >= 0x80000000) {
    out[at++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  while (v >= 0x80) {
    out[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  out[at++] = v;
  return at;
}

/** Reads varints and bytes from a buffer, advancing `pos`. */
export class ByteReader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    pos = 0,
  ) {
    this.pos = pos;
  }

  /** Reads an unsigned varint. */
  varint(): number {
    const b = this.buf;
    let p = this.pos;
    let byte = b[p++]!;
    let result = byte & 0x7f;
    if (byte >= 0x80) {
      let mul = 0x80;
      do {
        byte = b[p++]!;
        result += (byte & 0x7f) * mul;
        mul *= 0x80;
      } while (byte >= 0x80);
    }
    this.pos = p;
    return result;
  }

  /** Throws unless the reader stopped inside the buffer (guards against truncated input). */
  checkInBounds(what: string): void {
    if (this.pos > this.buf.length) throw new Error(`Corrupt segment: ${what} overruns its block`);
  }
}

/** Rounds `n` up to a multiple of `alignment` (a power of two). */
export function align(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}

/** Zigzag-maps a signed safe integer with |d| ≤ 2^52 to a non-negative one. */
export function zigzag(d: number): number {
  return d >= 0 ? d * 2 : -d * 2 - 1;
}

/** Inverse of {@link zigzag}. */
export function unzigzag(z: number): number {
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

/**
 * A typed-array view of `count` elements at `offset` of `bytes`, or a copy when the position is not
 * aligned to the element size. Assumes a little-endian host, like the frame codec.
 */
export function typedAt<T extends Float64Array | Float32Array | Uint32Array | Uint16Array>(
  Ctor: { new (buffer: ArrayBuffer, byteOffset: number, length: number): T; new (length: number): T; readonly BYTES_PER_ELEMENT: number },
  bytes: Uint8Array,
  offset: number,
  count: number,
): T {
  const at = bytes.byteOffset + offset;
  if (offset + count * Ctor.BYTES_PER_ELEMENT > bytes.length) throw new Error('Corrupt segment: array overruns its block');
  if (at % Ctor.BYTES_PER_ELEMENT === 0) return new Ctor(bytes.buffer as ArrayBuffer, at, count);
  const copy = new Ctor(count);
  new Uint8Array(copy.buffer).set(bytes.subarray(offset, offset + count * Ctor.BYTES_PER_ELEMENT));
  return copy;
}
