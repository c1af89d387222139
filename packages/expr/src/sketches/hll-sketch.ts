/**
 * A HyperLogLog distinct-count sketch with `2^lgK` registers (lgK 4–21), fed with 64 hash bits per
 * value (MurmurHash3 words h0, h1). Not bit-compatible with DataSketches, but with the same accuracy:
 * relative standard error ≈ 1.04 / √(2^lgK) (1.6% at lgK 12).
 *
 * Two modes, as in HLL++:
 * - sparse: a set of coupons at precision 25 (register index = low 25 bits of h0, rank = position of
 *   the first 1 bit in the remaining 39 bits + 1). Near-exact for small counts (linear counting over
 *   2^25 buckets). A sketch moves to dense mode once it holds more than 2^lgK / 4 coupons.
 * - dense: one byte per register (index = low lgK bits of h0), estimated with Ertl's improved raw
 *   estimator (2017), which needs no bias-correction tables and is accurate over the whole range.
 * Sketches with different lgK merge at the smaller lgK; registers downsample exactly because the rank
 * bits of a finer register continue into the index bits of a coarser one.
 *
 * Serialized layout (base64 of, little-endian):
 * ```
 * offset size  field
 * 0      3     header 'S' 'H' 0x01
 * 3      1     lgK (4..21)
 * 4      1     mode: 0 sparse, 1 dense
 * 5      1     target type: 4, 6 or 8 (HLL_4 / HLL_6 / HLL_8; recorded, does not change the layout)
 * 6      2     zero
 * sparse:
 * 8      4     coupon count C
 * 12     4×C   coupons ascending, each (index25 << 6) | rank25
 * dense:
 * 8      2^lgK register values (0 = empty, else rank 1..65-lgK)
 * ```
 */
import { ByteReader, ByteWriter } from './sketch-bytes.ts';

const SPARSE_P = 25;
const SPARSE_M = 2 ** SPARSE_P;

/** Leading zeros of the low `width` bits of `x` (x < 2^width). */
const clzWithin = (x: number, width: number): number => Math.clz32(x) - (32 - width);

/** Rank of a hash at precision p: position of the first 1 in [h1 (32 bits) | h0 >>> p (32-p bits)], plus 1. */
function rankAt(p: number, h0: number, h1: number): number {
  if (h1 !== 0) return Math.clz32(h1) + 1;
  const low = h0 >>> p;
  return low !== 0 ? 32 + clzWithin(low, 32 - p) + 1 : 64 - p + 1;
}

/** A register at precision `from` (index, rank) moved to the coarser precision `to`. */
function downsampleRank(index: number, rank: number, from: number, to: number): number {
  if (rank <= 64 - from) return rank;
  const extra = index >>> to;
  return extra !== 0 ? 64 - from + clzWithin(extra, from - to) + 1 : 64 - to + 1;
}

/** The HLL target types Druid accepts, by name. */
export const HLL_TARGET_TYPES: Readonly<Record<string, number>> = { HLL_4: 4, HLL_6: 6, HLL_8: 8 };

/** A mutable HyperLogLog sketch. */
export class HllSketch {
  private sparse: Map<number, number> | null = new Map();
  private registers: Uint8Array | null = null;

  /**
   * @param lgK log2 of the number of registers, 4..21 (validated by callers).
   * @param targetType 4, 6 or 8: the HLL_n type the sketch was asked for.
   */
  constructor(
    public lgK: number,
    readonly targetType = 4,
  ) {}

  /** True when no value has been added. */
  get isEmpty(): boolean {
    return this.sparse !== null && this.sparse.size === 0;
  }

  /** Adds one value by its hash words. */
  update(h0: number, h1: number): void {
    if (this.sparse) {
      const index = h0 & (SPARSE_M - 1);
      const rank = rankAt(SPARSE_P, h0, h1);
      const current = this.sparse.get(index);
      if (current === undefined || rank > current) {
        this.sparse.set(index, rank);
        if (current === undefined && this.sparse.size > 2 ** this.lgK / 4) this.densify();
      }
      return;
    }
    const index = h0 & ((1 << this.lgK) - 1);
    const rank = rankAt(this.lgK, h0, h1);
    if (rank > this.registers![index]!) this.registers![index] = rank;
  }

  private densify(): void {
    const registers = new Uint8Array(1 << this.lgK);
    for (const [index, rank] of this.sparse!) this.setMax(registers, index, rank, SPARSE_P);
    this.registers = registers;
    this.sparse = null;
  }

  private setMax(registers: Uint8Array, index: number, rank: number, from: number): void {
    const i = index & ((1 << this.lgK) - 1);
    const r = downsampleRank(index, rank, from, this.lgK);
    if (r > registers[i]!) registers[i] = r;
  }

  /** Lowers this sketch's precision to `lgK` (no-op when already at or below it). */
  private reduceTo(lgK: number): void {
    if (lgK >= this.lgK) return;
    const old = this.registers;
    const oldLgK = this.lgK;
    this.lgK = lgK;
    if (!old) {
      if (this.sparse!.size > 2 ** lgK / 4) this.densify();
      return;
    }
    const registers = new Uint8Array(1 << lgK);
    for (let i = 0; i < old.length; i++) if (old[i]! > 0) this.setMax(registers, i, old[i]!, oldLgK);
    this.registers = registers;
  }

  /** Merges `other` into this sketch (the result has the smaller of the two lgKs). */
  union(other: HllSketch): void {
    this.reduceTo(other.lgK);
    if (other.sparse) {
      for (const [index, rank] of other.sparse) {
        if (this.sparse) {
          const current = this.sparse.get(index);
          if (current === undefined || rank > current) this.sparse.set(index, rank);
        } else {
          this.setMax(this.registers!, index, rank, SPARSE_P);
        }
      }
      if (this.sparse && this.sparse.size > 2 ** this.lgK / 4) this.densify();
      return;
    }
    if (this.sparse) this.densify();
    const theirs = other.registers!;
    const mine = this.registers!;
    if (other.lgK === this.lgK) {
      for (let i = 0; i < mine.length; i++) if (theirs[i]! > mine[i]!) mine[i] = theirs[i]!;
    } else {
      for (let i = 0; i < theirs.length; i++) if (theirs[i]! > 0) this.setMax(mine, i, theirs[i]!, other.lgK);
    }
  }

  /** A copy of this sketch. */
  copy(): HllSketch {
    const out = new HllSketch(this.lgK, this.targetType);
    out.sparse = this.sparse ? new Map(this.sparse) : null;
    out.registers = this.registers ? this.registers.slice() : null;
    return out;
  }

  /** The distinct-count estimate. */
  estimate(): number {
    if (this.sparse) {
      const v = this.sparse.size;
      return v === 0 ? 0 : SPARSE_M * Math.log(SPARSE_M / (SPARSE_M - v));
    }
    return improvedEstimate(this.registers!, this.lgK);
  }

  /** Relative standard error of the estimate. */
  relativeError(): number {
    return 1.04 / Math.sqrt(this.sparse ? SPARSE_M : 2 ** this.lgK);
  }

  /** [lower, upper] bounds at `numStdDev` standard deviations (1, 2 or 3). */
  bounds(numStdDev: number): [number, number] {
    const estimate = this.estimate();
    const error = numStdDev * this.relativeError();
    const floor = this.sparse ? this.sparse.size : 0;
    return [Math.max(floor, estimate * (1 - error)), estimate * (1 + error)];
  }

  /** Whether the sketch is in sparse (coupon) mode. */
  get mode(): 'sparse' | 'dense' {
    return this.sparse ? 'sparse' : 'dense';
  }

  /** Serializes as base64 (layout in the module header). */
  serialize(): string {
    const sparse = this.sparse;
    const w = new ByteWriter('H', 12 + (sparse ? 4 * sparse.size : 1 << this.lgK));
    w.u8(this.lgK);
    w.u8(sparse ? 0 : 1);
    w.u8(this.targetType);
    w.align(8);
    if (sparse) {
      const coupons = new Uint32Array(sparse.size);
      let k = 0;
      for (const [index, rank] of sparse) coupons[k++] = index * 64 + rank;
      coupons.sort();
      w.u32(coupons.length);
      for (const c of coupons) w.u32(c);
    } else {
      w.bytes(this.registers!);
    }
    return w.toBase64();
  }

  /** Reads a sketch written by `serialize`; a malformed value is an invalid-input error. */
  static deserialize(text: string): HllSketch {
    const r = new ByteReader(text, 'H', 'HLL');
    const lgK = r.u8();
    const mode = r.u8();
    const sketch = new HllSketch(lgK, r.u8());
    r.align(8);
    if (mode === 0) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        const c = r.u32();
        sketch.sparse!.set(c >>> 6, c & 63);
      }
    } else {
      sketch.sparse = null;
      sketch.registers = r.bytes(1 << lgK);
    }
    return sketch;
  }
}

/** Ertl's improved raw estimator over the register-value histogram. */
function improvedEstimate(registers: Uint8Array, lgK: number): number {
  const m = registers.length;
  const q = 64 - lgK;
  const counts = new Float64Array(q + 2);
  for (let i = 0; i < m; i++) counts[registers[i]!]!++;
  let z = m * tau(1 - counts[q + 1]! / m);
  for (let k = q; k >= 1; k--) z = 0.5 * (z + counts[k]!);
  z += m * sigma(counts[0]! / m);
  return (m * m) / (2 * Math.LN2 * z);
}

function sigma(x: number): number {
  if (x === 1) return Number.POSITIVE_INFINITY;
  let y = 1;
  let z = x;
  let previous: number;
  do {
    x *= x;
    previous = z;
    z += x * y;
    y += y;
  } while (z !== previous);
  return z;
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  let previous: number;
  do {
    x = Math.sqrt(x);
    previous = z;
    y *= 0.5;
    z -= (1 - x) ** 2 * y;
  } while (z !== previous);
  return z / 3;
}
