/**
 * A mergeable quantiles sketch over doubles: the classic DataSketches ("low discrepancy mergeable")
 * algorithm with parameter k (a power of 2, 2..32768, default 128). Values go to a base buffer of 2k;
 * a full buffer is sorted and compacted (every other value, from a random offset) into k values of
 * weight 2, which carry into levels like a binary counter: level i holds k sorted values of weight
 * 2^(i+1), and two full levels merge and compact into the next. Normalized rank error at k = 128 is
 * about 1.7% (99% confidence), as documented for DataSketches. Sketches with different k merge at the
 * smaller k (the larger one's levels are downsampled). NaN inputs are ignored.
 *
 * Serialized layout (base64 of, little-endian):
 * ```
 * offset size  field
 * 0      3     header 'S' 'Q' 0x01
 * 3      1     zero
 * 4      4     k
 * 8      8     n, the number of values seen (a double holding an integer)
 * 16     8     min value (NaN when empty)
 * 24     8     max value (NaN when empty)
 * 32     4     base buffer count B
 * 36     4     number of levels L
 * 40     L     one byte per level: 1 when the level holds k values, else 0; then zero padding to 8
 * …      8×B   base buffer values, unsorted
 * …      8×k   the values of each non-empty level, ascending, lowest level first
 * ```
 */
import { invalidInput } from '@silt/common';
import { ByteReader, ByteWriter } from './sketch-bytes.ts';

/** A mutable quantiles sketch. */
export class QuantilesSketch {
  /** Number of values seen. */
  n = 0;
  /** Smallest value seen (NaN when empty). */
  min = Number.NaN;
  /** Largest value seen (NaN when empty). */
  max = Number.NaN;
  private base: Float64Array;
  private baseCount = 0;
  private levels: (Float64Array | null)[] = [];
  /** xorshift32 state choosing compaction offsets (deterministic for reproducible results). */
  private random = 0x9e3779b9;

  /** @param k a power of 2 in [2, 32768] (validated by callers). */
  constructor(public k: number) {
    // The base buffer grows to 2k on demand: most sketches of a fine-grained GROUP BY stay small.
    this.base = new Float64Array(Math.min(2 * k, 8));
  }

  /** True when no value has been added. */
  get isEmpty(): boolean {
    return this.n === 0;
  }

  private nextBit(): number {
    let x = this.random;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.random = x >>> 0;
    return this.random & 1;
  }

  /** Adds one value. */
  update(x: number): void {
    if (x !== x) return;
    this.n++;
    if (!(x >= this.min)) this.min = x;
    if (!(x <= this.max)) this.max = x;
    if (this.baseCount === this.base.length) {
      const grown = new Float64Array(Math.min(2 * this.k, 2 * this.base.length));
      grown.set(this.base);
      this.base = grown;
    }
    this.base[this.baseCount++] = x;
    if (this.baseCount === 2 * this.k) {
      this.base.sort();
      this.baseCount = 0;
      this.carry(this.compact(this.base), 0);
    }
  }

  /** Every other value of a sorted 2k array, from a random offset: k values of double weight. */
  private compact(sorted: Float64Array): Float64Array {
    const offset = this.nextBit();
    const out = new Float64Array(this.k);
    for (let i = 0; i < this.k; i++) out[i] = sorted[2 * i + offset]!;
    return out;
  }

  /** Puts k sorted values at `level`, merging and compacting upward while levels are full. */
  private carry(values: Float64Array, level: number): void {
    let current = values;
    let l = level;
    while (this.levels[l]) {
      current = this.compact(mergeSorted(this.levels[l]!, current));
      this.levels[l] = null;
      l++;
    }
    while (this.levels.length <= l) this.levels.push(null);
    this.levels[l] = current;
  }

  /** Merges `other` into this sketch; the result has the smaller k. */
  union(other: QuantilesSketch): void {
    if (other.n === 0) return;
    if (other.k < this.k) this.downsample(other.k);
    const n = this.n + other.n;
    const min = this.n === 0 || other.min < this.min ? other.min : this.min;
    const max = this.n === 0 || other.max > this.max ? other.max : this.max;
    for (let i = 0; i < other.baseCount; i++) this.update(other.base[i]!);
    const factor = other.k / this.k;
    const shift = Math.log2(factor);
    other.levels.forEach((values, level) => {
      if (values) this.carry(factor === 1 ? values.slice() : this.thin(values, factor), level + shift);
    });
    this.n = n;
    this.min = min;
    this.max = max;
  }

  /** Every `factor`-th value of a sorted level (from a random offset), for a sketch with k/factor. */
  private thin(values: Float64Array, factor: number): Float64Array {
    const offset = this.nextBit() * (factor >> 1);
    const out = new Float64Array(values.length / factor);
    for (let i = 0; i < out.length; i++) out[i] = values[i * factor + offset]!;
    return out;
  }

  /** Lowers k to `k` in place. */
  private downsample(k: number): void {
    const old = { base: this.base.slice(0, this.baseCount), levels: this.levels, k: this.k, n: this.n, min: this.min, max: this.max };
    this.k = k;
    this.base = new Float64Array(Math.min(2 * k, 8));
    this.baseCount = 0;
    this.levels = [];
    for (const x of old.base) this.update(x);
    const factor = old.k / k;
    old.levels.forEach((values, level) => {
      if (values) this.carry(this.thin(values, factor), level + Math.log2(factor));
    });
    this.n = old.n;
    this.min = old.min;
    this.max = old.max;
  }

  /** Retained values ascending with their cumulative weights. */
  private sortedView(): { values: Float64Array; cumulative: Float64Array } {
    const pairs: [number, number][] = [];
    for (let i = 0; i < this.baseCount; i++) pairs.push([this.base[i]!, 1]);
    this.levels.forEach((values, level) => {
      if (values) for (const v of values) pairs.push([v, 2 ** (level + 1)]);
    });
    pairs.sort((a, b) => a[0] - b[0]);
    const values = new Float64Array(pairs.length);
    const cumulative = new Float64Array(pairs.length);
    let sum = 0;
    pairs.forEach(([v, w], i) => {
      values[i] = v;
      sum += w;
      cumulative[i] = sum;
    });
    return { values, cumulative };
  }

  /**
   * The value at normalized rank `fraction` (0 → min, 1 → max): the smallest retained value whose
   * inclusive rank reaches the fraction. NaN for an empty sketch.
   */
  quantile(fraction: number): number {
    checkFraction(fraction);
    if (this.n === 0) return Number.NaN;
    if (fraction === 0) return this.min;
    if (fraction === 1) return this.max;
    const { values, cumulative } = this.sortedView();
    const target = fraction * this.n;
    let lo = 0;
    let hi = values.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! >= target) hi = mid;
      else lo = mid + 1;
    }
    return values[lo]!;
  }

  /** The fraction of values strictly less than `value` (NaN when empty). */
  rank(value: number): number {
    if (this.n === 0) return Number.NaN;
    const { values, cumulative } = this.sortedView();
    let below = 0;
    for (let i = 0; i < values.length && values[i]! < value; i++) below = cumulative[i]!;
    return below / this.n;
  }

  /**
   * The CDF at strictly increasing split points: for each split, the fraction of values below it,
   * then 1. Null when the sketch is empty.
   */
  cdf(splits: readonly number[]): number[] | null {
    for (let i = 1; i < splits.length; i++) {
      if (!(splits[i]! > splits[i - 1]!)) throw invalidInput('Split points must be unique, monotonically increasing and not NaN');
    }
    if (this.n === 0) return null;
    return [...splits.map((s) => this.rank(s)), 1];
  }

  /** Serializes as base64 (layout in the module header). */
  serialize(): string {
    const present = this.levels.filter((l) => l !== null).length;
    const w = new ByteWriter('Q', 48 + this.levels.length + 8 * (this.baseCount + present * this.k));
    w.u8(0);
    w.u32(this.k);
    w.f64(this.n);
    w.f64(this.min);
    w.f64(this.max);
    w.u32(this.baseCount);
    w.u32(this.levels.length);
    for (const level of this.levels) w.u8(level ? 1 : 0);
    w.align(8);
    for (let i = 0; i < this.baseCount; i++) w.f64(this.base[i]!);
    for (const level of this.levels) if (level) for (const v of level) w.f64(v);
    return w.toBase64();
  }

  /** Reads a sketch written by `serialize`; a malformed value is an invalid-input error. */
  static deserialize(text: string): QuantilesSketch {
    const r = new ByteReader(text, 'Q', 'quantiles');
    r.u8();
    const sketch = new QuantilesSketch(r.u32());
    sketch.n = r.f64();
    sketch.min = r.f64();
    sketch.max = r.f64();
    sketch.baseCount = r.u32();
    if (sketch.baseCount >= 2 * sketch.k) throw invalidInput('Corrupt quantiles sketch: base buffer overflow');
    const flags = Array.from({ length: r.u32() }, () => r.u8());
    r.align(8);
    sketch.base = new Float64Array(Math.max(sketch.baseCount, Math.min(2 * sketch.k, 8)));
    for (let i = 0; i < sketch.baseCount; i++) sketch.base[i] = r.f64();
    sketch.levels = flags.map((flag) => {
      if (flag !== 1) return null;
      const values = new Float64Array(sketch.k);
      for (let i = 0; i < sketch.k; i++) values[i] = r.f64();
      return values;
    });
    return sketch;
  }
}

/** Throws unless `fraction` is in [0, 1]. */
export function checkFraction(fraction: number): void {
  if (!(fraction >= 0 && fraction <= 1)) throw invalidInput(`Fraction [${fraction}] must be between 0 and 1 (inclusive)`);
}

function mergeSorted(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]! <= b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
