import type { ColumnType } from '@silt/common';
import type { LogicalPlan, RangeShardColumns } from './logical-plan.ts';

/** One column of the key a REPLACE's rows are clustered by: its type, and the output column it is (null if none). */
export interface ClusterKeyColumn {
  readonly type: ColumnType;
  readonly outputName: string | null;
}

/**
 * Druid's choice of range shard columns for a REPLACE (the controller's `computeShardColumns`): the
 * leading cluster key columns that are strings and appear as-is in the output, with the commentary
 * the report's `segmentReport.details` carries. No columns means numbered shard specs.
 */
export function rangeShardColumns(clusterKey: readonly ClusterKeyColumn[]): RangeShardColumns {
  if (clusterKey.length === 0) return { columns: [], details: 'CLUSTERED BY clause is empty.' };
  const columns: string[] = [];
  for (const key of clusterKey) {
    if (key.type !== 'STRING') {
      return {
        columns,
        details: `Using[${columns.length}] CLUSTERED BY columns for 'range' shard specs, since the next column is of type[${key.type}]. Only string columns are included in 'range' shard specs.`,
      };
    }
    if (key.outputName === null) {
      return {
        columns,
        details: `Using only[${columns.length}] CLUSTERED BY columns for 'range' shard specs, since the next column was not mapped to an output column.`,
      };
    }
    columns.push(key.outputName);
  }
  return { columns, details: "Using 'range' shard specs with all CLUSTERED BY fields." };
}

/**
 * The GROUP BY keys of an aggregating query, in order, as cluster key columns: Druid clusters the
 * rows of a GROUP BY ingest without CLUSTERED BY by its grouping keys. `plan` is the query's plan:
 * [limit →] project → [HAVING filter →] aggregate; a key is mapped to the output column that passes
 * it through unchanged. Empty for any other plan shape.
 */
export function groupKeyColumns(plan: LogicalPlan): ClusterKeyColumn[] {
  const project = plan.kind === 'limit' ? plan.input : plan;
  if (project.kind !== 'project') return [];
  let below = project.input;
  while (below.kind === 'filter') below = below.input;
  if (below.kind !== 'aggregate') return [];
  return below.groupBy.map((key) => {
    const output = project.columns.find((c) => c.expr.kind === 'column' && c.expr.name === key.name);
    return { type: key.expr.type, outputName: output?.name ?? null };
  });
}
