import type { ColumnType } from '@silt/common';
import type { Expr } from './expr.ts';

/**
 * An aggregate function call of a GROUP BY (or of a whole-table aggregation). `fn` is upper-case:
 * COUNT (no args = COUNT(*)), SUM, MIN, MAX, AVG, … `filter` is the FILTER (WHERE …) clause.
 * `type` is the finalized result type.
 */
export interface AggregateCall {
  readonly fn: string;
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  readonly filter: Expr | null;
  readonly type: ColumnType;
}
