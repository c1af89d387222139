/**
 * The Avro object container file (OCF) layout, as read here:
 *
 * ```
 * header: "Obj" 0x01 | metadata: map<bytes> | sync marker: 16 bytes
 * block:  record count: long | byte size: long | records (compressed by the codec): size bytes | sync marker
 * ```
 *
 * `long`s are zig-zag varints; a `map<bytes>` is a sequence of blocks `count: long` (a negative count
 * is followed by the block's byte size) of `key: string, value: bytes` entries, ended by a 0 count;
 * `string`/`bytes` are a `long` length and the bytes. The metadata holds `avro.schema` (the writer
 * schema, JSON) and `avro.codec` (`null` when absent, `deflate`, `snappy`, `zstandard`…).
 */

/** Thrown by {@link AvroBytes} reads that run past the bytes at hand: more input is needed. */
export class NeedMoreBytes extends Error {
  constructor() {
    super('Avro data ends early');
  }
}

/** A cursor over Avro-encoded bytes. */
export class AvroBytes {
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
  ) {}

  /** A zig-zag varint `long` (exact up to 2^53). */
  long(): number {
    let value = 0;
    let scale = 1;
    for (let shift = 0; ; shift += 7) {
      if (this.pos >= this.bytes.length) throw new NeedMoreBytes();
      const b = this.bytes[this.pos++]!;
      value += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) break;
      if (shift > 63) throw new Error('Avro long is longer than 10 bytes');
    }
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }

  /** `n` raw bytes (a view). */
  take(n: number): Uint8Array {
    if (n < 0) throw new Error(`negative Avro length ${n}`);
    if (this.pos + n > this.bytes.length) throw new NeedMoreBytes();
    const view = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return view;
  }
}

/** An OCF header. */
export interface AvroHeader {
  /** The writer schema, as JSON text. */
  readonly schema: string;
  /** The `avro.codec` (default `null`). */
  readonly codec: string;
  readonly sync: Uint8Array;
  /** Header length in bytes. */
  readonly length: number;
}

const MAGIC = [0x4f, 0x62, 0x6a, 0x01];
const decoder = new TextDecoder();

/**
 * Reads the OCF header at the start of `bytes`.
 *
 * @throws NeedMoreBytes when `bytes` end inside the header; Error when it is not an OCF header.
 */
export function readAvroHeader(bytes: Uint8Array): AvroHeader {
  const in_ = new AvroBytes(bytes);
  const magic = in_.take(4);
  if (!MAGIC.every((b, i) => magic[i] === b)) throw new Error('not an Avro object container file (no "Obj\\x01" magic)');
  const meta = new Map<string, Uint8Array>();
  for (;;) {
    let count = in_.long();
    if (count === 0) break;
    if (count < 0) {
      count = -count;
      in_.long();
    }
    for (let i = 0; i < count; i++) {
      const key = decoder.decode(in_.take(in_.long()));
      meta.set(key, in_.take(in_.long()));
    }
  }
  const sync = in_.take(16).slice();
  const schema = meta.get('avro.schema');
  if (!schema) throw new Error('the Avro header has no avro.schema');
  const codec = meta.get('avro.codec');
  return { schema: decoder.decode(schema), codec: codec ? decoder.decode(codec) : 'null', sync, length: in_.pos };
}

/** One data block's framing. */
export interface AvroBlock {
  readonly count: number;
  /** The block's (compressed) record bytes, a view. */
  readonly data: Uint8Array;
  /** Offset just after the block's sync marker. */
  readonly end: number;
}

/**
 * Reads the data block at `pos`, checking its sync marker.
 *
 * @throws NeedMoreBytes when `bytes` end inside the block; Error on a sync marker mismatch.
 */
export function readAvroBlock(bytes: Uint8Array, pos: number, sync: Uint8Array): AvroBlock {
  const in_ = new AvroBytes(bytes, pos);
  const count = in_.long();
  const data = in_.take(in_.long());
  const marker = in_.take(16);
  if (!sync.every((b, i) => marker[i] === b)) throw new Error(`sync marker mismatch after the block at byte ${pos}`);
  if (count < 0) throw new Error(`negative record count in the block at byte ${pos}`);
  return { count, data, end: in_.pos };
}
