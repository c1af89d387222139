import type { ColumnType } from '@silt/common';
import { type FrameColumn, decodeFrame, encodeFrame } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { type AggregateCall, HllSketch, QuantilesSketch, ThetaSketch, aggregatorFactory, columnRef, hashValue, isSketchOf, literal, murmur3x86128 } from '../src/index.ts';
import { values } from './helpers.ts';

/** Relative error of an estimate. */
const relError = (estimate: number, truth: number): number => Math.abs(estimate - truth) / truth;

/** A numeric column 0..n-1 offset by `start`. */
function longs(start: number, n: number): FrameColumn {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = start + i;
  return { kind: 'numeric', values: v, nulls: null };
}

/** A dictionary string column of `user-<start+i>`. */
function names(start: number, n: number): FrameColumn {
  const dictionary = Array.from({ length: n }, (_, i) => `user-${start + i}`);
  return { kind: 'string', ids: Int32Array.from({ length: n }, (_, i) => i), dictionary };
}

function agg(fn: string, type: ColumnType, argType: ColumnType, params: (string | number)[] = []): AggregateCall {
  const args = [columnRef('x', argType), ...params.map((p) => literal(p, typeof p === 'number' ? 'LONG' : 'STRING'))];
  return { fn, args, distinct: false, filter: null, type };
}

/** Runs an aggregate over one column in one group and returns the final value. */
function single(call: AggregateCall, column: FrameColumn, n: number): unknown {
  const acc = aggregatorFactory(call).create();
  acc.aggregate(new Int32Array(n), 1, [column], null);
  return values(acc.finalize(), 1)[0];
}

/** Runs an aggregate over two columns as two workers, combining their partials. */
function twoWorkers(call: AggregateCall, a: FrameColumn, na: number, b: FrameColumn, nb: number): unknown {
  const factory = aggregatorFactory(call);
  const partials = [
    [a, na],
    [b, nb],
  ].map(([column, n]) => {
    const acc = factory.create();
    acc.aggregate(new Int32Array(n as number), 1, [column as FrameColumn], null);
    return acc.partial();
  });
  const final = factory.create();
  for (const p of partials) final.combine(new Int32Array(1), 1, p);
  return values(final.finalize(), 1)[0];
}

describe('murmur3 x86-128', () => {
  it('matches the SMHasher verification value 0xB3ECE62A', () => {
    const key = new Uint8Array(256);
    const hashes = new Uint8Array(256 * 16);
    const out = new Uint32Array(4);
    for (let i = 0; i < 256; i++) {
      key[i] = i;
      murmur3x86128(key, i, 256 - i, out);
      new DataView(hashes.buffer).setUint32(i * 16, out[0]!, true);
      new DataView(hashes.buffer).setUint32(i * 16 + 4, out[1]!, true);
      new DataView(hashes.buffer).setUint32(i * 16 + 8, out[2]!, true);
      new DataView(hashes.buffer).setUint32(i * 16 + 12, out[3]!, true);
    }
    murmur3x86128(hashes, hashes.length, 0, out);
    expect(out[0]).toBe(0xb3ece62a);
  });

  it('hashes LONG 5 and DOUBLE 5.0 alike, and strings by UTF-8', () => {
    const a = new Uint32Array(4);
    const b = new Uint32Array(4);
    hashValue(5, a);
    hashValue(5.0, b);
    expect([...a]).toEqual([...b]);
    hashValue('5', b);
    expect([...a]).not.toEqual([...b]);
  });
});

describe('HLL sketches', () => {
  const rse = 1.04 / Math.sqrt(4096);

  it.each([
    [1_000, 'strings'],
    [100_000, 'strings'],
    [1_000_000, 'longs'],
  ])('estimates %i distinct %s within 3 standard errors at lgK 12', (n, kind) => {
    const column = kind === 'strings' ? names(0, n) : longs(0, n);
    const estimate = single(agg('APPROX_COUNT_DISTINCT_DS_HLL', 'DOUBLE', kind === 'strings' ? 'STRING' : 'LONG'), column, n) as number;
    const error = relError(estimate, n);
    console.log(`HLL lgK=12 n=${n}: estimate ${estimate.toFixed(1)}, relative error ${(100 * error).toFixed(3)}% (1 std err = ${(100 * rse).toFixed(2)}%)`);
    expect(error).toBeLessThan(n <= 1000 ? 0.005 : 3 * rse);
  });

  it('counts small sets exactly (sparse mode) and rounds for LONG', () => {
    expect(single(agg('APPROX_COUNT_DISTINCT_DS_HLL', 'LONG', 'LONG'), longs(0, 37), 37)).toBe(37);
    expect(single(agg('APPROX_COUNT_DISTINCT', 'LONG', 'STRING'), names(0, 500), 500)).toBe(500);
    expect(single(agg('APPROX_COUNT_DISTINCT_DS_HLL', 'LONG', 'LONG'), longs(0, 0), 0)).toBe(0);
  });

  it('merging partials equals one sketch over all values', () => {
    // Overlapping halves: 0..70k and 30k..100k.
    const call = agg('DS_HLL', 'COMPLEX<json>', 'LONG');
    const merged = twoWorkers(call, longs(0, 70_000), 70_000, longs(30_000, 70_000), 70_000) as string;
    const whole = single(call, longs(0, 100_000), 100_000) as string;
    expect(HllSketch.deserialize(merged).estimate()).toBe(HllSketch.deserialize(whole).estimate());
    expect(merged).toBe(whole);
  });

  it('unions a column of sketches (DS_HLL over sketches) and merges different lgK at the smaller', () => {
    const a = single(agg('DS_HLL', 'COMPLEX<json>', 'LONG', [14]), longs(0, 50_000), 50_000) as string;
    const b = single(agg('DS_HLL', 'COMPLEX<json>', 'LONG', [12]), longs(25_000, 50_000), 50_000) as string;
    const sketches: FrameColumn = { kind: 'object', values: [a, b, null] };
    const union = single(agg('DS_HLL', 'COMPLEX<json>', 'COMPLEX<json>'), sketches, 3) as string;
    const sketch = HllSketch.deserialize(union);
    expect(sketch.lgK).toBe(12);
    expect(relError(sketch.estimate(), 75_000)).toBeLessThan(3 * rse);
    expect(single(agg('APPROX_COUNT_DISTINCT_DS_HLL', 'LONG', 'COMPLEX<json>'), sketches, 3)).toBe(Math.round(sketch.estimate()));
  });

  it('survives the frame codec unchanged', () => {
    const acc = aggregatorFactory(agg('DS_HLL', 'COMPLEX<json>', 'LONG')).create();
    acc.aggregate(Int32Array.from({ length: 20_000 }, (_, i) => i % 2), 2, [longs(0, 20_000)], null);
    const partial = acc.partial();
    const decoded = decodeFrame(encodeFrame({ signature: [{ name: 's', type: 'COMPLEX<json>' }], numRows: 2, columns: partial }));
    expect(values(decoded.columns[0]!, 2)).toEqual(values(partial[0]!, 2));
    for (const text of values(decoded.columns[0]!, 2) as string[]) {
      expect(isSketchOf(text, 'H')).toBe(true);
      expect(relError(HllSketch.deserialize(text).estimate(), 10_000)).toBeLessThan(3 * rse);
    }
  });

  it('counts each value of a multi-value row', () => {
    const mv: FrameColumn = { kind: 'object', values: [['a', 'b'], 'c', ['a', 'd'], null, []] };
    expect(single(agg('APPROX_COUNT_DISTINCT_DS_HLL', 'LONG', 'STRING'), mv, 5)).toBe(4);
  });

  it('validates lgK and tgtHllType', () => {
    expect(() => aggregatorFactory(agg('DS_HLL', 'COMPLEX<json>', 'LONG', [3]))).toThrow(/lgK/);
    expect(() => aggregatorFactory(agg('DS_HLL', 'COMPLEX<json>', 'LONG', [12, 'HLL_5']))).toThrow(/tgtHllType/);
  });
});

describe('theta sketches', () => {
  const rse = 1 / Math.sqrt(16384);

  it.each([1_000, 100_000, 1_000_000])('estimates %i distinct within 3 standard errors at size 16384', (n) => {
    const estimate = single(agg('APPROX_COUNT_DISTINCT_DS_THETA', 'DOUBLE', 'LONG'), longs(0, n), n) as number;
    const error = relError(estimate, n);
    console.log(`theta k=16384 n=${n}: estimate ${estimate.toFixed(1)}, relative error ${(100 * error).toFixed(3)}% (1 std err = ${(100 * rse).toFixed(2)}%)`);
    if (n < 16384) expect(estimate).toBe(n);
    else expect(error).toBeLessThan(3 * rse);
  });

  it('merging partials matches one sketch over all values', () => {
    const call = agg('DS_THETA', 'COMPLEX<json>', 'LONG');
    const merged = ThetaSketch.deserialize(twoWorkers(call, longs(0, 300_000), 300_000, longs(200_000, 300_000), 300_000) as string);
    const whole = ThetaSketch.deserialize(single(call, longs(0, 500_000), 500_000) as string);
    // Compacted to k entries, both keep the k smallest hashes of the same set.
    const compact = new ThetaSketch(16384);
    compact.union(whole);
    expect(merged.retained).toBe(16384);
    expect(merged.theta).toBe(compact.theta);
    expect(merged.serialize()).toBe(compact.serialize());
    expect(relError(merged.estimate(), 500_000)).toBeLessThan(3 * rse);
  });

  it('survives the frame codec and supports union, intersection and difference', () => {
    const call = agg('DS_THETA', 'COMPLEX<json>', 'LONG');
    const a = single(call, longs(0, 60_000), 60_000) as string;
    const b = single(call, longs(40_000, 60_000), 60_000) as string;
    const decoded = decodeFrame(encodeFrame({ signature: [{ name: 's', type: 'COMPLEX<json>' }], numRows: 2, columns: [{ kind: 'object', values: [a, b] }] }));
    expect(values(decoded.columns[0]!, 2)).toEqual([a, b]);
    const [sa, sb] = [ThetaSketch.deserialize(a), ThetaSketch.deserialize(b)];
    const union = new ThetaSketch(16384);
    union.union(sa);
    union.union(sb);
    expect(relError(union.estimate(), 100_000)).toBeLessThan(3 * rse);
    expect(relError(ThetaSketch.intersect([sa, sb], 16384)!.estimate(), 20_000)).toBeLessThan(0.05);
    expect(relError(ThetaSketch.difference(sa, [sb], 16384).estimate(), 40_000)).toBeLessThan(0.05);
  });

  it('validates the size', () => {
    expect(() => aggregatorFactory(agg('DS_THETA', 'COMPLEX<json>', 'LONG', [1000]))).toThrow(/power of 2/);
  });
});

describe('quantiles sketches', () => {
  /** 1..n in a shuffled (deterministic) order. */
  function shuffled(n: number, seed = 7): FrameColumn {
    const v = Float64Array.from({ length: n }, (_, i) => i + 1);
    let s = seed;
    for (let i = n - 1; i > 0; i--) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const j = s % (i + 1);
      [v[i], v[j]] = [v[j]!, v[i]!];
    }
    return { kind: 'numeric', values: v, nulls: null };
  }

  /** Largest |rank(quantile(f)) - f| over f = 0.01 … 0.99, for values 1..n (rank of v is v/n). */
  function maxRankError(sketch: QuantilesSketch, n: number): number {
    let worst = 0;
    for (let p = 1; p < 100; p++) worst = Math.max(worst, Math.abs(sketch.quantile(p / 100) / n - p / 100));
    return worst;
  }

  it('keeps quantiles of 1..1e5 within the documented 1.725% rank error at k 128', () => {
    const n = 100_000;
    const sketch = QuantilesSketch.deserialize(single(agg('DS_QUANTILES_SKETCH', 'COMPLEX<json>', 'LONG'), shuffled(n), n) as string);
    const worst = maxRankError(sketch, n);
    console.log(`quantiles k=128 n=${n}: worst rank error ${(100 * worst).toFixed(3)}% over 99 fractions`);
    expect(worst).toBeLessThan(0.01725);
    expect(sketch.n).toBe(n);
    expect(sketch.quantile(0)).toBe(1);
    expect(sketch.quantile(1)).toBe(n);
  });

  it('APPROX_QUANTILE_DS finalizes to the quantile; merged partials stay within the error', () => {
    const n = 200_000;
    const all = shuffled(n, 11) as { values: Float64Array };
    const half = (from: number): FrameColumn => ({ kind: 'numeric', values: all.values.subarray(from, from + n / 2), nulls: null });
    const median = twoWorkers(agg('APPROX_QUANTILE_DS', 'DOUBLE', 'DOUBLE', [0.5]), half(0), n / 2, half(n / 2), n / 2) as number;
    expect(Math.abs(median / n - 0.5)).toBeLessThan(0.01725);
    const sketch = QuantilesSketch.deserialize(twoWorkers(agg('DS_QUANTILES_SKETCH', 'COMPLEX<json>', 'DOUBLE'), half(0), n / 2, half(n / 2), n / 2) as string);
    expect(sketch.n).toBe(n);
    expect(maxRankError(sketch, n)).toBeLessThan(0.01725);
  });

  it('merges sketches of different k at the smaller k', () => {
    const n = 50_000;
    const big = QuantilesSketch.deserialize(single(agg('DS_QUANTILES_SKETCH', 'COMPLEX<json>', 'LONG', [512]), shuffled(n, 3), n) as string);
    const small = QuantilesSketch.deserialize(single(agg('DS_QUANTILES_SKETCH', 'COMPLEX<json>', 'LONG', [128]), shuffled(n, 5), n) as string);
    big.union(small);
    expect(big.k).toBe(128);
    expect(big.n).toBe(2 * n);
    // Each value 1..n appears twice, so the rank of v is still v/n.
    expect(maxRankError(big, n)).toBeLessThan(0.01725);
  });

  it('round-trips through the frame codec; empty sketches give NaN and nulls are skipped', () => {
    const column: FrameColumn = { kind: 'numeric', values: Float64Array.from([3, 1, 2, 0]), nulls: Uint8Array.from([0, 0, 0, 1]) };
    const text = single(agg('DS_QUANTILES_SKETCH', 'COMPLEX<json>', 'DOUBLE'), column, 4) as string;
    const decoded = decodeFrame(encodeFrame({ signature: [{ name: 's', type: 'COMPLEX<json>' }], numRows: 1, columns: [{ kind: 'object', values: [text] }] }));
    expect(values(decoded.columns[0]!, 1)).toEqual([text]);
    const sketch = QuantilesSketch.deserialize(text);
    expect([sketch.n, sketch.quantile(0.5), sketch.rank(2), sketch.cdf([2])]).toEqual([3, 2, 1 / 3, [1 / 3, 1]]);
    expect(single(agg('APPROX_QUANTILE_DS', 'DOUBLE', 'DOUBLE', [0.5]), longs(0, 0), 0)).toBeNaN();
    expect(single(agg('DS_QUANTILES_SKETCH', 'LONG', 'DOUBLE'), column, 4)).toBe(3);
  });

  it('validates k and the fraction', () => {
    expect(() => aggregatorFactory(agg('DS_QUANTILES_SKETCH', 'COMPLEX<json>', 'LONG', [100]))).toThrow(/power of 2/);
    expect(() => aggregatorFactory(agg('APPROX_QUANTILE_DS', 'DOUBLE', 'LONG', [1.5]))).toThrow(/between 0 and 1/);
  });
});
