/**
 * The three benchmark queries, each in Silt's dialect (Druid SQL over datasource `t` with `__time`)
 * and DuckDB's (over table `t` with the raw `time` column). Every query's second column is a row
 * count, which the run compares between the two systems.
 */

/** One query, written for both systems. */
export interface BenchQuery {
  /** Stable key used in the result table (`query.<key>`). */
  readonly key: string;
  /** Human label for the printed table. */
  readonly label: string;
  readonly silt: string;
  readonly duckdb: string;
}

/** The queries run over the ingested table. */
export const BENCH_QUERIES: readonly BenchQuery[] = [
  {
    key: 'topChannels',
    label: 'query: top channels (GROUP BY, SUM)',
    silt: 'SELECT channel, COUNT(*), SUM(added) FROM t GROUP BY 1 ORDER BY 2 DESC LIMIT 10',
    duckdb: 'SELECT channel, COUNT(*), SUM(added) FROM t GROUP BY 1 ORDER BY 2 DESC LIMIT 10',
  },
  {
    key: 'topPagesFiltered',
    label: "query: top pages WHERE channel = '#en.wikipedia'",
    silt: "SELECT page, COUNT(*) FROM t WHERE channel = '#en.wikipedia' GROUP BY 1 ORDER BY 2 DESC LIMIT 10",
    duckdb: "SELECT page, COUNT(*) FROM t WHERE channel = '#en.wikipedia' GROUP BY 1 ORDER BY 2 DESC LIMIT 10",
  },
  {
    key: 'hourlySeries',
    label: 'query: hourly time series',
    silt: "SELECT TIME_FLOOR(__time, 'PT1H'), COUNT(*) FROM t GROUP BY 1 ORDER BY 1",
    duckdb: `SELECT date_trunc('hour', "time"::TIMESTAMP), COUNT(*) FROM t GROUP BY 1 ORDER BY 1`,
  },
];

/** The count column (index 1) of a query's rows, as numbers (DuckDB returns BIGINTs as strings). */
export function countColumn(rows: readonly (readonly unknown[])[]): number[] {
  return rows.map((row) => Number(row[1]));
}
