import { invalidInput, isNumericType } from '@silt/common';
import { literal, type AggregateCall, type Expr } from '@silt/expr';
import type { SqlFunction } from 'druid-query-toolkit';
import { coerceOperand, convertExpression, type ConvertContext } from './expression-converter.ts';
import { AGGREGATE_ARITY } from './function-registry.ts';
import { isTimestamp, markTimestamp } from './sql-types.ts';

/** An aggregate call, and whether its result is a SQL TIMESTAMP (e.g. MAX(__time)). */
export interface ConvertedAggregate {
  readonly call: AggregateCall;
  readonly timestamp: boolean;
}

/** The column type Silt uses for sketch values (HLL, theta and quantiles sketches) until common has dedicated COMPLEX types. */
export const SKETCH_TYPE = 'COMPLEX<json>';

/**
 * Sketch aggregates whose SQL result is the sketch itself: always of the COMPLEX type (their
 * intermediate type), whatever `finalizeAggregations` says.
 */
const SKETCH_BUILDERS = new Set(['DS_HLL', 'DS_THETA', 'DS_QUANTILES_SKETCH']);

/**
 * Sketch aggregates with a finalized value (a LONG estimate, a DOUBLE quantile): with
 * `finalizeAggregations: false`, one appearing directly as a top-level output column keeps its
 * intermediate sketch type instead (see {@link intermediateType}).
 */
const FINALIZED_SKETCHES = new Set(['APPROX_COUNT_DISTINCT', 'APPROX_COUNT_DISTINCT_DS_HLL', 'APPROX_COUNT_DISTINCT_DS_THETA', 'APPROX_QUANTILE_DS']);

/** Trailing arguments that are sketch parameters (lgK, tgtHllType, size, fraction, k) and must be literals. */
const FIRST_PARAMETER: Readonly<Record<string, number>> = {
  APPROX_COUNT_DISTINCT_DS_HLL: 1,
  APPROX_COUNT_DISTINCT_DS_THETA: 1,
  DS_HLL: 1,
  DS_THETA: 1,
  DS_QUANTILES_SKETCH: 1,
  APPROX_QUANTILE_DS: 1,
};

/**
 * The unfinalized type of an aggregate call, when it has one that differs from its finalized
 * `type`: the sketch type for the approximate count-distinct and quantile aggregates.
 */
export function intermediateType(call: AggregateCall): AggregateCall['type'] | undefined {
  return FINALIZED_SKETCHES.has(call.fn) ? SKETCH_TYPE : undefined;
}

/** Aggregates for which DISTINCT changes nothing. */
const DISTINCT_INSENSITIVE = new Set([
  'MIN', 'MAX', 'ANY_VALUE', 'EARLIEST', 'LATEST', 'EARLIEST_BY', 'LATEST_BY', ...SKETCH_BUILDERS, ...FINALIZED_SKETCHES,
]);

/** Aggregates whose result has their (first) argument's type. */
const PASS_THROUGH = new Set(['MIN', 'MAX', 'ANY_VALUE', 'EARLIEST', 'LATEST', 'EARLIEST_BY', 'LATEST_BY']);

/**
 * Converts an aggregate function call (`COUNT(*)`, `SUM(x) FILTER (WHERE …)`, `COUNT(DISTINCT x)`,
 * `LATEST(x)`, `DS_HLL(x, 12)` …) over the input scope of the aggregation. `ctx.clause` should be
 * `aggregate`, so a nested aggregate is refused. EARLIEST/LATEST read `__time`, which is appended as
 * their last argument. COUNT(DISTINCT x) becomes APPROX_COUNT_DISTINCT(x) unless the context sets
 * `useApproximateCountDistinct: false` (then an exact COUNT with `distinct`). Sketch aggregates
 * (DS_HLL, DS_THETA, DS_QUANTILES_SKETCH) are typed {@link SKETCH_TYPE}; the approximate ones are
 * typed by their finalized value (LONG count, DOUBLE quantile).
 */
export function convertAggregateCall(node: SqlFunction, ctx: ConvertContext): ConvertedAggregate {
  const name = node.getEffectiveFunctionName().toUpperCase();
  const argNodes = node.args?.values ?? [];
  const [min, max] = AGGREGATE_ARITY[name]!;
  const star = argNodes.length === 1 && argNodes[0]!.type === 'star';
  if (star && name !== 'COUNT') throw ctx.source.errorAt(`Unknown identifier '*' in ${name}`, node);
  const args: Expr[] = star ? [] : argNodes.map((a) => convertExpression(a, ctx));
  if (args.length < min || args.length > max) {
    const expecting = min === max ? `${min}` : `${min} to ${max}`;
    throw ctx.source.errorAt(`Invalid number of arguments to function '${name}'. Was expecting ${expecting} arguments`, node);
  }
  const decorator = node.decorator?.toUpperCase();
  let distinct = decorator === 'DISTINCT';
  if (distinct && DISTINCT_INSENSITIVE.has(name)) distinct = false;
  if (distinct && name !== 'COUNT') throw ctx.source.errorAt(`${name}(DISTINCT …) is not supported`, node);
  if (distinct && args.length !== 1) throw ctx.source.errorAt('COUNT(DISTINCT …) takes exactly one argument', node);
  const firstParameter = FIRST_PARAMETER[name];
  if (firstParameter !== undefined) {
    args.slice(firstParameter).forEach((arg, i) => {
      if (arg.kind !== 'literal') throw ctx.source.errorAt(`The parameters of ${name} after the first must be literals, got [${argNodes[firstParameter + i]!.toString()}]`, node);
    });
  }
  const filterNode = node.whereClause?.expression;
  const filter = filterNode ? convertExpression(filterNode, { ...ctx, clause: 'FILTER' }) : null;

  if (name === 'EARLIEST' || name === 'LATEST') {
    const time = ctx.scope.find('__time');
    if (!time) {
      // Druid reports this as a planning failure (no position), not as a validation error.
      const reason =
        "LATEST and EARLIEST aggregators implicitly depend on the __time column, but the table queried doesn't contain a __time column.  " +
        'Please use LATEST_BY or EARLIEST_BY and specify the column explicitly.';
      throw invalidInput(`Query could not be planned. A possible reason is [${reason}]`);
    }
    args.push(ctx.scope.ref(time));
  }
  if (name === 'EARLIEST_BY' || name === 'LATEST_BY') {
    args[1] = coerceOperand(args[1]!, markTimestamp(literal(0, 'LONG')), ctx.source);
  }

  const first = args[0];
  if (distinct && ctx.options.useApproximateCountDistinct) {
    const approx: AggregateCall = Object.freeze({ fn: 'APPROX_COUNT_DISTINCT', args: Object.freeze(args), distinct: false, filter, type: 'LONG' });
    return { call: approx, timestamp: false };
  }
  let type: AggregateCall['type'];
  if (name === 'COUNT' || name.startsWith('APPROX_COUNT_DISTINCT')) type = 'LONG';
  else if (SKETCH_BUILDERS.has(name)) type = SKETCH_TYPE;
  else if (name === 'APPROX_QUANTILE_DS') type = 'DOUBLE';
  else if (name === 'SUM') type = first!.type === 'LONG' ? 'LONG' : 'DOUBLE';
  else if (name === 'AVG') type = 'DOUBLE';
  else type = first!.type;
  if ((name === 'SUM' || name === 'AVG') && !isNumericType(first!.type) && first!.type !== 'STRING') {
    throw ctx.source.errorAt(`Cannot apply '${name}' to arguments of type '${name}(<${first!.type}>)'`, node);
  }
  const call: AggregateCall = Object.freeze({ fn: name, args: Object.freeze(args), distinct, filter, type });
  return { call, timestamp: PASS_THROUGH.has(name) && !!first && isTimestamp(first) };
}
