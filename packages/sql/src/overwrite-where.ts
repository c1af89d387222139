import { bucketStart, formatInterval, invalidInput, type Granularity, type Interval } from '@silt/common';
import type { SqlExpression } from 'druid-query-toolkit';
import { convertExpression } from './expression-converter.ts';
import { granularityText } from './partitioned-by.ts';
import type { PlanEnv } from './relation-planner.ts';
import { Scope } from './scope.ts';
import { NotATimeRange, timeRanges } from './time-ranges.ts';

/**
 * The time chunks `REPLACE … OVERWRITE WHERE <condition>` replaces. The condition may only use
 * `__time` with AND, OR, NOT, `=`, `<`, `<=`, `>`, `>=`, BETWEEN and TIME_IN_INTERVAL against TIMESTAMP (or
 * string) literals; every resulting interval must start and end on a PARTITIONED BY bucket boundary.
 */
export function overwriteIntervals(where: SqlExpression, granularity: Granularity, env: PlanEnv): Interval[] {
  const text = where.toString();
  if (where.getUsedColumnNames().some((name) => name !== '__time')) {
    throw invalidInput(`OVERWRITE WHERE clause only supports filtering on the __time column, got [${text}]`);
  }
  const scope = Scope.of([{ name: '__time', type: 'LONG', timestamp: true }]);
  const condition = convertExpression(where, { scope, source: env.source, params: env.params, options: env.options, clause: 'OVERWRITE WHERE' });
  let intervals: Interval[];
  try {
    intervals = timeRanges(condition);
  } catch (error) {
    if (!(error instanceof NotATimeRange)) throw error;
    if (error.operation === undefined) {
      throw invalidInput(`Invalid OVERWRITE WHERE clause [${text}]: expected clause including AND, OR, NOT, >, <, >=, <= OR BETWEEN operators`);
    }
    throw invalidInput(`Invalid OVERWRITE WHERE clause [${text}]: Unsupported operation [${error.operation}] in OVERWRITE WHERE clause.`);
  }
  if (intervals.length === 0) {
    throw invalidInput(`The OVERWRITE WHERE clause [${text}] produced no time intervals, are the bounds overly restrictive?`);
  }
  for (const interval of intervals) {
    if (bucketStart(granularity, interval.start) !== interval.start || bucketStart(granularity, interval.end) !== interval.end) {
      throw invalidInput(
        `OVERWRITE WHERE clause identified interval [${formatInterval(interval)}] which is not aligned with PARTITIONED BY granularity [${granularityText(granularity)}]`,
      );
    }
  }
  return intervals;
}
