/**
 * ORC's run-length encodings, each decoding a whole stream into `count` values:
 *
 * - Byte RLE: a control byte `h`; `0 ≤ h ≤ 127` is a run of `h + 3` copies of the next byte,
 *   `h < 0` (as a signed byte) is followed by `-h` literal bytes.
 * - Boolean RLE: byte RLE of bytes holding 8 values each, most significant bit first.
 * - Integer RLE v1 (encodings DIRECT, DICTIONARY): a control byte `h`; `0 ≤ h ≤ 127` is a run of
 *   `h + 3` values: a signed delta byte then a base varint, values `base + i·delta`; `h < 0` is
 *   followed by `-h` varints.
 * - Integer RLE v2 (DIRECT_V2, DICTIONARY_V2): the top two bits of the first byte choose one of
 *   SHORT_REPEAT, DIRECT, PATCHED_BASE and DELTA (see {@link readIntRleV2}).
 *
 * Varints are base-128, least significant group first; signed values are zig-zag encoded (except
 * the sign-magnitude base of PATCHED_BASE). Values are JavaScript numbers: exact up to 2^53.
 */

/** A cursor over a stream's bytes. */
class Cursor {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.bytes.length) throw new Error('ORC stream ends early');
    return this.bytes[this.pos++]!;
  }
  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return value;
      scale *= 128;
    }
  }
  signedVarint(): number {
    return unZigzag(this.varint());
  }
  /** `width` bytes, big-endian. */
  bigEndian(width: number): number {
    let value = 0;
    for (let i = 0; i < width; i++) value = value * 256 + this.byte();
    return value;
  }
}

function unZigzag(n: number): number {
  return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
}

/** Decodes `count` bytes of a byte-RLE stream (as signed bytes). */
export function readByteRle(bytes: Uint8Array, count: number): Int8Array {
  const out = new Int8Array(count);
  const in_ = new Cursor(bytes);
  for (let n = 0; n < count; ) {
    const h = (in_.byte() << 24) >> 24;
    if (h >= 0) {
      const value = in_.byte();
      for (let i = 0; i < h + 3 && n < count; i++) out[n++] = value;
    } else {
      for (let i = 0; i < -h && n < count; i++) out[n++] = in_.byte();
    }
  }
  return out;
}

/** Decodes `count` booleans of a boolean-RLE stream. */
export function readBooleans(bytes: Uint8Array, count: number): Uint8Array {
  const packed = readByteRle(bytes, Math.ceil(count / 8));
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = (packed[i >> 3]! >> (7 - (i & 7))) & 1;
  return out;
}

/** Decodes `count` integers of an RLE v1 stream. */
export function readIntRleV1(bytes: Uint8Array, count: number, signed: boolean): number[] {
  const out: number[] = new Array(count);
  const in_ = new Cursor(bytes);
  const next = signed ? () => in_.signedVarint() : () => in_.varint();
  for (let n = 0; n < count; ) {
    const h = (in_.byte() << 24) >> 24;
    if (h >= 0) {
      const delta = (in_.byte() << 24) >> 24;
      const base = next();
      for (let i = 0; i < h + 3 && n < count; i++) out[n++] = base + i * delta;
    } else {
      for (let i = 0; i < -h && n < count; i++) out[n++] = next();
    }
  }
  return out;
}

/** Bit widths of RLE v2's 5-bit width codes. */
const WIDTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 26, 28, 30, 32, 40, 48, 56, 64];

/** The smallest width of {@link WIDTHS} holding `n` bits (1 for 0). */
function closestFixedBits(n: number): number {
  return WIDTHS.find((w) => w >= n) ?? 64;
}

/** Reads `count` big-endian bit-packed unsigned values of `width` bits. */
function readBitPacked(in_: Cursor, count: number, width: number, out: number[]): void {
  let current = 0;
  let bitsLeft = 0;
  for (let i = 0; i < count; i++) {
    let value = 0;
    let needed = width;
    while (needed > 0) {
      if (bitsLeft === 0) {
        current = in_.byte();
        bitsLeft = 8;
      }
      const take = Math.min(needed, bitsLeft);
      bitsLeft -= take;
      value = value * 2 ** take + ((current >> bitsLeft) & ((1 << take) - 1));
      needed -= take;
    }
    out.push(value);
  }
}

/**
 * Decodes `count` integers of an RLE v2 stream. Each run starts with a byte whose top two bits are:
 * - 0 SHORT_REPEAT: bits 5–3 are the value's byte width − 1, bits 2–0 the run length − 3; then the
 *   value, big-endian (zig-zag if signed);
 * - 1 DIRECT: bits 5–1 a width code, then 9 bits of length − 1; then the values bit-packed;
 * - 2 PATCHED_BASE: like DIRECT, then a byte with the base's byte width − 1 (3 bits) and the patch
 *   width code (5 bits), a byte with the patch gap width − 1 (3 bits) and the patch list length
 *   (5 bits); then the base (big-endian, sign in its top bit), the values bit-packed, and the patch
 *   list, entries `gap << patchWidth | patch` bit-packed in the closest fixed width: each patch is
 *   shifted above the value width and or-ed into the value `gap` positions after the previous patch;
 *   values are then added to the base;
 * - 3 DELTA: bits 5–1 a width code (0: fixed delta), 9 bits of length − 1; then the first value
 *   (varint, zig-zag if signed), the first delta (zig-zag varint), and, unless fixed, the other
 *   length − 2 deltas' magnitudes bit-packed, applied in the first delta's direction.
 */
export function readIntRleV2(bytes: Uint8Array, count: number, signed: boolean): number[] {
  const out: number[] = [];
  const in_ = new Cursor(bytes);
  const decodeSign = signed ? unZigzag : (n: number) => n;
  while (out.length < count) {
    const first = in_.byte();
    const encoding = first >> 6;
    if (encoding === 0) {
      const width = ((first >> 3) & 7) + 1;
      const repeat = (first & 7) + 3;
      const value = decodeSign(in_.bigEndian(width));
      for (let i = 0; i < repeat; i++) out.push(value);
      continue;
    }
    const widthCode = (first >> 1) & 0x1f;
    const length = (((first & 1) << 8) | in_.byte()) + 1;
    if (encoding === 1) {
      const start = out.length;
      readBitPacked(in_, length, WIDTHS[widthCode]!, out);
      if (signed) for (let i = start; i < out.length; i++) out[i] = unZigzag(out[i]!);
    } else if (encoding === 2) {
      readPatchedBase(in_, WIDTHS[widthCode]!, length, out);
    } else {
      readDelta(in_, widthCode === 0 ? 0 : WIDTHS[widthCode]!, length, signed, out);
    }
  }
  out.length = count;
  return out;
}

function readPatchedBase(in_: Cursor, width: number, length: number, out: number[]): void {
  const third = in_.byte();
  const baseWidth = ((third >> 5) & 7) + 1;
  const patchWidth = WIDTHS[third & 0x1f]!;
  const fourth = in_.byte();
  const gapWidth = ((fourth >> 5) & 7) + 1;
  const patchCount = fourth & 0x1f;
  const rawBase = in_.bigEndian(baseWidth);
  const signBit = 2 ** (baseWidth * 8 - 1);
  const base = rawBase >= signBit ? -(rawBase - signBit) : rawBase;
  const values: number[] = [];
  readBitPacked(in_, length, width, values);
  const patches: number[] = [];
  readBitPacked(in_, patchCount, closestFixedBits(gapWidth + patchWidth), patches);
  const patchScale = 2 ** patchWidth;
  const valueScale = 2 ** width;
  let position = 0;
  for (const entry of patches) {
    const gap = Math.floor(entry / patchScale);
    const patch = entry % patchScale;
    position += gap;
    if (patch !== 0) values[position] = values[position]! + patch * valueScale;
  }
  for (const v of values) out.push(base + v);
}

function readDelta(in_: Cursor, width: number, length: number, signed: boolean, out: number[]): void {
  const base = signed ? in_.signedVarint() : in_.varint();
  const deltaBase = in_.signedVarint();
  out.push(base);
  if (length === 1) return;
  let value = base + deltaBase;
  out.push(value);
  if (width === 0) {
    for (let i = 2; i < length; i++) out.push((value += deltaBase));
    return;
  }
  const deltas: number[] = [];
  readBitPacked(in_, length - 2, width, deltas);
  for (const d of deltas) out.push((value += deltaBase < 0 ? -d : d));
}
