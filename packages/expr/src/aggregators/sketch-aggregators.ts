import type { AggregateCall } from '../aggregate-call.ts';
import { HllSketch } from '../sketches/hll-sketch.ts';
import { QuantilesSketch, checkFraction } from '../sketches/quantiles-sketch.ts';
import {
  BUILTIN_LG_K,
  DEFAULT_LG_K,
  DEFAULT_QUANTILES_K,
  DEFAULT_THETA_SIZE,
  checkHllType,
  checkLgK,
  checkQuantilesK,
  checkThetaSize,
  literalArg,
} from '../sketches/sketch-params.ts';
import { ThetaSketch } from '../sketches/theta-sketch.ts';
import { forEachHash } from '../sketches/value-hash.ts';
import type { AggregatorFactory } from './accumulator.ts';
import { numericInput } from './group-state.ts';
import { type SketchOps, sketchFactory } from './sketch-accumulator.ts';

/**
 * The sketch aggregates:
 * - HLL: APPROX_COUNT_DISTINCT / APPROX_COUNT_DISTINCT_BUILTIN / HYPER_UNIQUE (x) at lgK 11, and
 *   APPROX_COUNT_DISTINCT_DS_HLL / DS_HLL (x [, lgK [, tgtHllType]]).
 * - Theta: APPROX_COUNT_DISTINCT_DS_THETA / DS_THETA (x [, size]).
 * - Quantiles: DS_QUANTILES_SKETCH (x [, k]) and APPROX_QUANTILE_DS (x, fraction [, k]).
 * Multi-value string rows count each value. The call's `type` picks the final value: COMPLEX<json>
 * gives the serialized sketch (the planner uses it for DS_HLL / DS_THETA / DS_QUANTILES_SKETCH and
 * when aggregations are not finalized), LONG a rounded estimate, DOUBLE the estimate or quantile
 * (a finalized DS_QUANTILES_SKETCH is its count of values, as in Druid).
 */

function hllOps(lgK: number, targetType: number, elements: boolean): SketchOps<HllSketch> {
  return {
    family: 'H',
    create: () => new HllSketch(lgK, targetType),
    fold: (sketchOf, groupIds, column, mask) => forEachHash(column, mask, elements, (row, h0, h1) => sketchOf(groupIds[row]!).update(h0, h1)),
    merge: (into, other) => {
      if (!into && other.lgK <= lgK) return other;
      const out = into ?? new HllSketch(lgK, targetType);
      out.union(other);
      return out;
    },
    serialize: (s) => s.serialize(),
    deserialize: (text) => HllSketch.deserialize(text),
    finalValue: (s) => s.estimate(),
  };
}

function thetaOps(size: number, elements: boolean): SketchOps<ThetaSketch> {
  return {
    family: 'T',
    create: () => new ThetaSketch(size),
    fold: (sketchOf, groupIds, column, mask) => forEachHash(column, mask, elements, (row, h0, h1) => sketchOf(groupIds[row]!).update(h0, h1)),
    merge: (into, other) => {
      if (!into && other.k === size) return other;
      const out = into ?? new ThetaSketch(size);
      out.union(other);
      return out;
    },
    serialize: (s) => s.serialize(),
    deserialize: (text) => ThetaSketch.deserialize(text),
    finalValue: (s) => s.estimate(),
  };
}

function quantilesOps(k: number, finalValue: (s: QuantilesSketch) => number): SketchOps<QuantilesSketch> {
  return {
    family: 'Q',
    create: () => new QuantilesSketch(k),
    fold: (sketchOf, groupIds, column, mask) => {
      const { values, nulls } = numericInput(column);
      for (let i = 0; i < groupIds.length; i++) {
        if ((mask && mask[i] !== 1) || (nulls && nulls[i] === 1)) continue;
        sketchOf(groupIds[i]!).update(values[i]!);
      }
    },
    merge: (into, other) => {
      if (!into && other.k <= k) return other;
      const out = into ?? new QuantilesSketch(k);
      out.union(other);
      return out;
    },
    serialize: (s) => s.serialize(),
    deserialize: (text) => QuantilesSketch.deserialize(text),
    finalValue,
  };
}

/** The sketch aggregate function names. */
export const SKETCH_AGGREGATES: ReadonlySet<string> = new Set([
  'APPROX_COUNT_DISTINCT',
  'APPROX_COUNT_DISTINCT_BUILTIN',
  'HYPER_UNIQUE',
  'APPROX_COUNT_DISTINCT_DS_HLL',
  'DS_HLL',
  'APPROX_COUNT_DISTINCT_DS_THETA',
  'DS_THETA',
  'DS_QUANTILES_SKETCH',
  'APPROX_QUANTILE_DS',
]);

/** The factory of a sketch aggregate (`fn` upper-case, one of SKETCH_AGGREGATES). */
export function sketchAggregatorFactory(fn: string, call: AggregateCall): AggregatorFactory {
  const arg = call.args[0]!;
  const elements = arg.type === 'STRING';
  switch (fn) {
    case 'APPROX_COUNT_DISTINCT':
    case 'APPROX_COUNT_DISTINCT_BUILTIN':
    case 'HYPER_UNIQUE':
      return sketchFactory(hllOps(BUILTIN_LG_K, 8, elements), arg.type, call.type);
    case 'APPROX_COUNT_DISTINCT_DS_HLL':
    case 'DS_HLL': {
      const lgK = checkLgK(literalArg(fn, call.args, 1, DEFAULT_LG_K));
      const targetType = checkHllType(literalArg(fn, call.args, 2, 'HLL_4'));
      return sketchFactory(hllOps(lgK, targetType, elements), arg.type, call.type);
    }
    case 'APPROX_COUNT_DISTINCT_DS_THETA':
    case 'DS_THETA':
      return sketchFactory(thetaOps(checkThetaSize(literalArg(fn, call.args, 1, DEFAULT_THETA_SIZE)), elements), arg.type, call.type);
    case 'DS_QUANTILES_SKETCH':
      return sketchFactory(quantilesOps(checkQuantilesK(literalArg(fn, call.args, 1, DEFAULT_QUANTILES_K)), (s) => s.n), arg.type, call.type);
    default: {
      const fraction = Number(literalArg(fn, call.args, 1, Number.NaN));
      checkFraction(fraction);
      return sketchFactory(quantilesOps(checkQuantilesK(literalArg(fn, call.args, 2, DEFAULT_QUANTILES_K)), (s) => s.quantile(fraction)), arg.type, call.type);
    }
  }
}
