import { call, literal, type Expr } from '@silt/expr';
import type { SqlBase } from 'druid-query-toolkit';
import type { SqlSource } from './sql-source.ts';
import { isTimestamp, markTimestamp } from './sql-types.ts';

/** A SQL INTERVAL literal's length: calendar months (year-month intervals) or fixed milliseconds (day-time). */
export type IntervalLength = { readonly months: number } | { readonly millis: number };

const DAY_TIME_FIELDS = ['DAY', 'HOUR', 'MINUTE', 'SECOND'] as const;
const FIELD_MILLIS: Record<(typeof DAY_TIME_FIELDS)[number], number> = { DAY: 86_400_000, HOUR: 3_600_000, MINUTE: 60_000, SECOND: 1000 };

/**
 * Reads `INTERVAL '<value>' <unit> [TO <unit>]` as the toolkit parses it (`intervalValue` prints
 * quoted): YEAR, QUARTER, MONTH, YEAR TO MONTH ('1-2') in months; WEEK, DAY … SECOND and their
 * ranges ('1 2:30:15.5' for DAY TO SECOND) in milliseconds. A leading sign negates the whole value.
 */
export function intervalLength(node: SqlBase & { intervalValue: unknown; unit: string }, source: SqlSource): IntervalLength {
  const text = String(node.intervalValue).replace(/^'|'$/g, '').trim();
  const sign = text.startsWith('-') ? -1 : 1;
  const fields = text.replace(/^[+-]/, '').split(/[\s:-]+/).map(Number);
  const [from = '', , to = from] = node.unit.toUpperCase().split(/\s+/);
  const illegal = () => source.errorAt(`Illegal interval literal format '${text}' for INTERVAL ${node.unit}`, node);
  if (fields.some((f) => !Number.isFinite(f))) throw illegal();
  if (from === 'YEAR' || from === 'QUARTER' || from === 'MONTH') {
    const months = from === 'YEAR' ? fields[0]! * 12 + (to === 'MONTH' ? (fields[1] ?? 0) : 0) : from === 'QUARTER' ? fields[0]! * 3 : fields[0]!;
    return { months: sign * months };
  }
  if (from === 'WEEK') return { millis: sign * fields[0]! * 7 * FIELD_MILLIS.DAY };
  const first = DAY_TIME_FIELDS.indexOf(from as (typeof DAY_TIME_FIELDS)[number]);
  const last = DAY_TIME_FIELDS.indexOf(to as (typeof DAY_TIME_FIELDS)[number]);
  if (first < 0 || last < first || fields.length !== last - first + 1) throw illegal();
  const millis = fields.reduce((sum, f, i) => sum + f * FIELD_MILLIS[DAY_TIME_FIELDS[first + i]!], 0);
  return { millis: Math.round(sign * millis) };
}

/**
 * `timestamp ± interval`, as Druid plans it: a day-time interval adds fixed milliseconds; a
 * year-month interval shifts by calendar months.
 */
export function shiftTimestamp(timestamp: Expr, length: IntervalLength, direction: 1 | -1, source: SqlSource, at: SqlBase): Expr {
  if (!isTimestamp(timestamp)) throw source.errorAt(`Cannot apply an INTERVAL to a value of type ${timestamp.type}: only to a TIMESTAMP`, at);
  if ('millis' in length) return markTimestamp(call('+', [timestamp, literal(direction * length.millis, 'LONG')], 'LONG'));
  return markTimestamp(call('TIMESTAMPADD', [literal('MONTH', 'STRING'), literal(direction * length.months, 'LONG'), timestamp], 'LONG'));
}
