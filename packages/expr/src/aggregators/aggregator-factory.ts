import { invalidInput } from '@silt/common';
import type { AggregateCall } from '../aggregate-call.ts';
import type { AggregatorFactory } from './accumulator.ts';
import { anyValueFactory } from './any-value.ts';
import { avgFactory } from './avg.ts';
import { COUNT_DISTINCT_FACTORY } from './count-distinct.ts';
import { COUNT_FACTORY } from './count.ts';
import { earliestLatestFactory } from './earliest-latest.ts';
import { minMaxFactory } from './min-max.ts';
import { sumFactory } from './sum.ts';

/**
 * Every aggregate function `aggregatorFactory` implements (upper-case `AggregateCall.fn` values).
 */
export const AGGREGATE_FUNCTIONS: ReadonlySet<string> = new Set(['COUNT', 'SUM', 'MIN', 'MAX', 'AVG', 'ANY_VALUE', 'EARLIEST', 'LATEST', 'EARLIEST_BY', 'LATEST_BY']);

/**
 * The factory for an aggregate call. The caller evaluates `call.args` and `call.filter` and passes
 * them to `aggregate`. Only COUNT takes DISTINCT (MIN and MAX ignore it, as it cannot change them);
 * EARLIEST/LATEST and their _BY forms take (value, time). Throws an invalid-input error otherwise.
 *
 * @example
 * const acc = aggregatorFactory({ fn: 'SUM', args: [x], distinct: false, filter: null, type: 'LONG' }).create();
 * acc.aggregate(new Int32Array([0, 0, 1]), 2, [xColumn], null);
 * acc.finalize(); // one sum per group
 */
export function aggregatorFactory(call: AggregateCall): AggregatorFactory {
  const fn = call.fn.toUpperCase();
  if (call.distinct && fn !== 'COUNT' && fn !== 'MIN' && fn !== 'MAX') throw invalidInput(`Aggregation [${fn}] does not support DISTINCT`);
  const needs = (count: number): void => {
    if (call.args.length < count) throw invalidInput(`Aggregation [${fn}] needs ${count} argument(s), got ${call.args.length}`);
  };
  switch (fn) {
    case 'COUNT':
      return call.distinct && call.args.length > 0 ? COUNT_DISTINCT_FACTORY : COUNT_FACTORY;
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
      return anyValueFactory(call.type);
    case 'EARLIEST':
    case 'EARLIEST_BY':
    case 'LATEST':
    case 'LATEST_BY':
      needs(2);
      return earliestLatestFactory(call.type, fn.startsWith('LATEST'));
    default:
      throw invalidInput(`Unknown aggregate function [${call.fn}]`);
  }
}
