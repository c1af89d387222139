import { invalidInput } from '@silt/common';
import type { AggregateCall } from '../aggregate-call.ts';
import { literalArg } from '../sketches/sketch-params.ts';
import type { AggregatorFactory } from './accumulator.ts';
import { anyValueFactory } from './any-value.ts';
import { avgFactory } from './avg.ts';
import { bitFactory } from './bit-aggregators.ts';
import { DEFAULT_MAX_STRING_BYTES } from './chop-string.ts';
import { DEFAULT_COLLECT_BYTES, collectFactory } from './collect-aggregators.ts';
import { countDistinctFactory } from './count-distinct.ts';
import { COUNT_FACTORY } from './count.ts';
import { earliestLatestFactory } from './earliest-latest.ts';
import { minMaxFactory } from './min-max.ts';
import { SKETCH_AGGREGATES, sketchAggregatorFactory } from './sketch-aggregators.ts';
import { sumFactory } from './sum.ts';

/**
 * Every aggregate function `aggregatorFactory` implements (upper-case `AggregateCall.fn` values).
 */
export const AGGREGATE_FUNCTIONS: ReadonlySet<string> = new Set([
  'COUNT',
  'SUM',
  'MIN',
  'MAX',
  'AVG',
  'ANY_VALUE',
  'EARLIEST',
  'LATEST',
  'EARLIEST_BY',
  'LATEST_BY',
  'ARRAY_AGG',
  'ARRAY_CONCAT_AGG',
  'STRING_AGG',
  'BIT_AND',
  'BIT_OR',
  'BIT_XOR',
  ...SKETCH_AGGREGATES,
]);

/** Aggregates that take DISTINCT (MIN and MAX ignore it; sketches are distinct by nature). */
const TAKES_DISTINCT = new Set(['COUNT', 'MIN', 'MAX', 'ARRAY_AGG', 'ARRAY_CONCAT_AGG', 'STRING_AGG', ...SKETCH_AGGREGATES]);

/**
 * The factory for an aggregate call. The caller evaluates `call.args` and `call.filter` and passes
 * them to `aggregate`. Argument shapes:
 * - EARLIEST / LATEST / EARLIEST_BY / LATEST_BY: (value, time[, maxBytesPerString literal]).
 * - ANY_VALUE: (value[, maxBytesPerString literal]).
 * - ARRAY_AGG / ARRAY_CONCAT_AGG: (value[, size literal]); STRING_AGG: (value, separator literal[, size]).
 * - Sketches: see `sketchAggregatorFactory` (DS_HLL, DS_THETA, DS_QUANTILES_SKETCH, APPROX_…).
 * Throws an invalid-input error for an unknown function, a missing argument or DISTINCT where it is
 * not supported.
 *
 * @example
 * const acc = aggregatorFactory({ fn: 'SUM', args: [x], distinct: false, filter: null, type: 'LONG' }).create();
 * acc.aggregate(new Int32Array([0, 0, 1]), 2, [xColumn], null);
 * acc.finalize(); // one sum per group
 */
export function aggregatorFactory(call: AggregateCall): AggregatorFactory {
  const fn = call.fn.toUpperCase();
  if (call.distinct && !TAKES_DISTINCT.has(fn)) throw invalidInput(`Aggregation [${fn}] does not support DISTINCT`);
  const needs = (count: number): void => {
    if (call.args.length < count) throw invalidInput(`Aggregation [${fn}] needs ${count} argument(s), got ${call.args.length}`);
  };
  const maxBytes = (i: number, dflt: number): number => Number(literalArg(fn, call.args, i, dflt));
  switch (fn) {
    case 'COUNT':
      return call.distinct && call.args.length > 0 ? countDistinctFactory(call.args[0]!.type) : COUNT_FACTORY;
    case 'SUM':
      needs(1);
      return sumFactory(call.type);
    case 'MIN':
    case 'MAX':
      needs(1);
      return minMaxFactory(call.type, fn === 'MAX');
    case 'AVG':
      needs(1);
      return avgFactory(call.type);
    case 'ANY_VALUE':
      needs(1);
      return anyValueFactory(call.type, maxBytes(1, DEFAULT_MAX_STRING_BYTES));
    case 'EARLIEST':
    case 'EARLIEST_BY':
    case 'LATEST':
    case 'LATEST_BY':
      needs(2);
      return earliestLatestFactory(call.type, fn.startsWith('LATEST'), maxBytes(2, DEFAULT_MAX_STRING_BYTES));
    case 'ARRAY_AGG':
    case 'ARRAY_CONCAT_AGG':
      needs(1);
      return collectFactory({ kind: fn, distinct: call.distinct, argType: call.args[0]!.type, type: call.type, maxBytes: maxBytes(1, DEFAULT_COLLECT_BYTES), separator: '' });
    case 'STRING_AGG':
      needs(2);
      return collectFactory({
        kind: fn,
        distinct: call.distinct,
        argType: call.args[0]!.type,
        type: call.type,
        maxBytes: maxBytes(2, DEFAULT_COLLECT_BYTES),
        separator: String(literalArg(fn, call.args, 1, '')),
      });
    case 'BIT_AND':
    case 'BIT_OR':
    case 'BIT_XOR':
      needs(1);
      return bitFactory(fn);
    default:
      if (SKETCH_AGGREGATES.has(fn)) {
        needs(fn === 'APPROX_QUANTILE_DS' ? 2 : 1);
        return sketchAggregatorFactory(fn, call);
      }
      throw invalidInput(`Unknown aggregate function [${call.fn}]`);
  }
}
