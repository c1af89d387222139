import { invalidInput, isNumericType } from '@silt/common';
import type { Call } from '../expr.ts';
import { HllSketch } from '../sketches/hll-sketch.ts';
import { QuantilesSketch } from '../sketches/quantiles-sketch.ts';
import { DEFAULT_LG_K, DEFAULT_THETA_SIZE, checkHllType, checkLgK, checkThetaSize } from '../sketches/sketch-params.ts';
import { ThetaSketch } from '../sketches/theta-sketch.ts';
import { isTruthy, javaDoubleToString } from '../values.ts';
import { type ScalarFunction, numberArg, scalar } from './scalar-function.ts';

/**
 * Scalar functions over serialized sketches (the values DS_HLL, DS_THETA and DS_QUANTILES_SKETCH
 * produce): estimates, bounds, set operations and quantile queries. A NULL sketch gives NULL (set
 * operations skip NULL inputs); a value that is not a sketch of the right kind is an invalid-input
 * error. Results that are lists of numbers are arrays, or their JSON text when the planner types the
 * call STRING (Druid returns DS_GET_QUANTILES and friends as strings).
 */

/** One-entry decode caches: consecutive rows often carry the same sketch (a constant or a group's). */
function decoder<S>(parse: (text: string) => S): (value: unknown) => S {
  let lastText: unknown = null;
  let last: S | null = null;
  return (value) => {
    if (value !== lastText || last === null) {
      if (typeof value !== 'string') throw invalidInput('Value is not a serialized sketch');
      last = parse(value);
      lastText = value;
    }
    return last;
  };
}

const hll = decoder((t) => HllSketch.deserialize(t));
const theta = decoder((t) => ThetaSketch.deserialize(t));
const quantiles = decoder((t) => QuantilesSketch.deserialize(t));

/** A list of numbers as the call's type wants it: JSON text like Java's double[] for STRING, else an array. */
function numberList(values: readonly number[], call: Call): unknown {
  return call.type === 'STRING' ? `[${values.map(javaDoubleToString).join(',')}]` : [...values];
}

/** Number arguments from index `from` on (NULLs are an error: split points and fractions are required). */
function numbersFrom(args: readonly unknown[], from: number, what: string): number[] {
  const out: number[] = [];
  for (let i = from; i < args.length; i++) {
    const n = numberArg(args, i);
    if (n === null) throw invalidInput(`${what} must not be NULL`);
    out.push(n);
  }
  return out;
}

/** Index of the first sketch argument of a set operation whose leading arguments may be parameters. */
function firstSketchArg(call: Call, params: number): number {
  return call.args.length > params && isNumericType(call.args[0]!.type) ? params : 0;
}

function hllUnion(args: readonly unknown[], call: Call): string {
  const start = firstSketchArg(call, 2);
  const lgK = start > 0 ? checkLgK(args[0]) : DEFAULT_LG_K;
  const out = new HllSketch(lgK, start > 0 ? checkHllType(args[1]) : 4);
  for (let i = start; i < args.length; i++) if (args[i] !== null && args[i] !== undefined) out.union(hll(args[i]));
  return out.serialize();
}

function thetaSetOp(args: readonly unknown[], call: Call, op: 'union' | 'intersect' | 'not'): string {
  const start = firstSketchArg(call, 1);
  const size = start > 0 ? checkThetaSize(args[0]) : DEFAULT_THETA_SIZE;
  const inputs: ThetaSketch[] = [];
  for (let i = start; i < args.length; i++) if (args[i] !== null && args[i] !== undefined) inputs.push(theta(args[i]));
  if (op === 'union') {
    const out = new ThetaSketch(size);
    for (const s of inputs) out.union(s);
    return out.serialize();
  }
  if (inputs.length === 0) return new ThetaSketch(size).serialize();
  const result = op === 'intersect' ? ThetaSketch.intersect(inputs, size)! : ThetaSketch.difference(inputs[0]!, inputs.slice(1), size);
  return result.serialize();
}

function hllSummary(s: HllSketch): string {
  const [lower, upper] = s.bounds(1);
  return [
    '### HLL SKETCH SUMMARY: ',
    `  Log Config K   : ${s.lgK}`,
    `  Hll Target     : HLL_${s.targetType}`,
    `  Current Mode   : ${s.mode === 'sparse' ? 'LIST' : 'HLL'}`,
    `  Estimate       : ${javaDoubleToString(s.estimate())}`,
    `  Upper Bound    : ${javaDoubleToString(upper)}`,
    `  Lower Bound    : ${javaDoubleToString(lower)}`,
    '',
  ].join('\n');
}

function quantilesSummary(s: QuantilesSketch): string {
  return [
    '### Quantiles DoublesSketch SUMMARY: ',
    `   K                            : ${s.k}`,
    `   N                            : ${s.n}`,
    `   Empty                        : ${s.isEmpty}`,
    `   Min Item                     : ${javaDoubleToString(s.min)}`,
    `   Max Item                     : ${javaDoubleToString(s.max)}`,
    '### END SKETCH SUMMARY',
    '',
  ].join('\n');
}

/** The sketch function table. */
export const SKETCH_FUNCTIONS: Readonly<Record<string, ScalarFunction>> = {
  HLL_SKETCH_ESTIMATE: scalar((args) => {
    const estimate = hll(args[0]).estimate();
    return args.length > 1 && args[1] !== null && isTruthy(args[1]) ? Math.round(estimate) : estimate;
  }, 1),
  HLL_SKETCH_ESTIMATE_WITH_ERROR_BOUNDS: scalar((args, call) => {
    const s = hll(args[0]);
    const numStdDev = args.length > 1 && args[1] !== null ? numberArg(args, 1)! : 1;
    if (![1, 2, 3].includes(numStdDev)) throw invalidInput(`numStdDev [${numStdDev}] must be 1, 2 or 3`);
    return numberList([s.estimate(), ...s.bounds(numStdDev)], call);
  }, 1),
  HLL_SKETCH_UNION: scalar(hllUnion, 0),
  HLL_SKETCH_TO_STRING: scalar((args) => hllSummary(hll(args[0]))),
  THETA_SKETCH_ESTIMATE: scalar((args) => theta(args[0]).estimate()),
  THETA_SKETCH_ESTIMATE_WITH_ERROR_BOUNDS: scalar((args) => {
    const s = theta(args[0]);
    const numStdDev = args.length > 1 && args[1] !== null ? numberArg(args, 1)! : 1;
    if (![1, 2, 3].includes(numStdDev)) throw invalidInput(`errorBoundsStdDev [${numStdDev}] must be 1, 2 or 3`);
    const [lowBound, highBound] = s.bounds(numStdDev);
    return { estimate: s.estimate(), highBound, lowBound, numStdDev };
  }, 1),
  THETA_SKETCH_UNION: scalar((args, call) => thetaSetOp(args, call, 'union'), 0),
  THETA_SKETCH_INTERSECT: scalar((args, call) => thetaSetOp(args, call, 'intersect'), 0),
  THETA_SKETCH_NOT: scalar((args, call) => thetaSetOp(args, call, 'not'), 0),
  DS_GET_QUANTILE: scalar((args) => quantiles(args[0]).quantile(numberArg(args, 1)!)),
  DS_GET_QUANTILES: scalar((args, call) => {
    const s = quantiles(args[0]);
    return numberList(numbersFrom(args, 1, 'Fractions').map((f) => s.quantile(f)), call);
  }, 1),
  DS_RANK: scalar((args) => quantiles(args[0]).rank(numberArg(args, 1)!)),
  DS_CDF: scalar((args, call) => {
    const cdf = quantiles(args[0]).cdf(numbersFrom(args, 1, 'Split points'));
    return cdf === null ? null : numberList(cdf, call);
  }, 1),
  DS_HISTOGRAM: scalar((args, call) => {
    const s = quantiles(args[0]);
    const cdf = s.cdf(numbersFrom(args, 1, 'Split points'));
    if (cdf === null) return null;
    return numberList(
      cdf.map((c, i) => (c - (i === 0 ? 0 : cdf[i - 1]!)) * s.n),
      call,
    );
  }, 1),
  DS_QUANTILE_SUMMARY: scalar((args) => quantilesSummary(quantiles(args[0]))),
};
