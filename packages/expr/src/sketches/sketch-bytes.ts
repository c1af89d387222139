import { invalidInput } from '@silt/common';

/**
 * Shared plumbing of the sketch formats. A serialized sketch is a base64 string (so it survives the
 * frame codec's JSON encoding of object columns and segment files unchanged) of bytes that start with
 * a 3-byte header: `'S'` (0x53), a family letter (`'H'` HLL, `'T'` theta, `'Q'` quantiles) and the
 * format version (1). Because the header is 3 bytes, every sketch of a family starts with the same 4
 * base64 characters, which is how a sketch is told apart from other strings without decoding it.
 * The rest of each layout is documented in the sketch's own module. Integers are little-endian.
 */

/** The sketch families and their header letters. */
export type SketchFamily = 'H' | 'T' | 'Q';

const VERSION = 1;

const header = (family: SketchFamily): string => Buffer.from([0x53, family.charCodeAt(0), VERSION]).toString('base64');
const PREFIXES: Readonly<Record<SketchFamily, string>> = { H: header('H'), T: header('T'), Q: header('Q') };

/** The base64 prefix every serialized sketch of `family` starts with. */
export function sketchPrefix(family: SketchFamily): string {
  return PREFIXES[family];
}

/** True when `value` is a serialized sketch of `family`. */
export function isSketchOf(value: unknown, family: SketchFamily): value is string {
  return typeof value === 'string' && value.startsWith(sketchPrefix(family));
}

/** Appends little-endian fields to a growing buffer. */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  private at = 0;

  /** Starts a buffer with the 3-byte header of `family`. */
  constructor(family: SketchFamily, capacity = 64) {
    this.buf = new Uint8Array(Math.max(16, capacity));
    this.view = new DataView(this.buf.buffer);
    this.u8(0x53);
    this.u8(family.charCodeAt(0));
    this.u8(VERSION);
  }

  private ensure(bytes: number): void {
    if (this.at + bytes <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.at + bytes));
    next.set(this.buf);
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Appends an unsigned byte. */
  u8(v: number): void {
    this.ensure(1);
    this.view.setUint8(this.at, v);
    this.at += 1;
  }

  /** Appends an unsigned 32-bit integer. */
  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.at, v, true);
    this.at += 4;
  }

  /** Appends a double. */
  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.at, v, true);
    this.at += 8;
  }

  /** Pads with zero bytes to a multiple of `n`. */
  align(n: number): void {
    while (this.at % n !== 0) this.u8(0);
  }

  /** Appends raw bytes. */
  bytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.buf.set(src, this.at);
    this.at += src.length;
  }

  /** The bytes written, as base64. */
  toBase64(): string {
    return Buffer.from(this.buf.buffer, 0, this.at).toString('base64');
  }
}

/** Reads little-endian fields from a decoded sketch; running past the end is an invalid-input error. */
export class ByteReader {
  private readonly view: DataView;
  private at = 3;

  /** Decodes `text` and checks its header is `family`'s. */
  constructor(
    text: string,
    family: SketchFamily,
    private readonly what: string,
  ) {
    if (!isSketchOf(text, family)) throw invalidInput(`Value is not a serialized ${what} sketch`);
    const buf = Buffer.from(text, 'base64');
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private need(bytes: number): void {
    if (this.at + bytes > this.view.byteLength) throw invalidInput(`Corrupt ${this.what} sketch: truncated`);
  }

  /** Reads an unsigned byte. */
  u8(): number {
    this.need(1);
    return this.view.getUint8(this.at++);
  }

  /** Reads an unsigned 32-bit integer. */
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.at, true);
    this.at += 4;
    return v;
  }

  /** Reads a double. */
  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.at, true);
    this.at += 8;
    return v;
  }

  /** Skips padding up to a multiple of `n`. */
  align(n: number): void {
    while (this.at % n !== 0) this.u8();
  }

  /** Reads `length` raw bytes (a copy). */
  bytes(length: number): Uint8Array {
    this.need(length);
    const out = new Uint8Array(this.view.buffer.slice(this.view.byteOffset + this.at, this.view.byteOffset + this.at + length));
    this.at += length;
    return out;
  }
}
