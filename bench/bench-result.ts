/**
 * The shape of one benchmark run's results: the printed table's rows (medians, ratios and the raw
 * samples), the consistency checks between Silt and DuckDB, and the machine it ran on. Written as
 * JSON to `<data-dir>/last-run.json`.
 */

/** Unit of a table row: seconds, milliseconds, mebibytes, or a dimensionless factor. */
export type BenchUnit = 's' | 'ms' | 'MiB' | 'x';

/** One line of the result table. */
export interface BenchRow {
  /** Stable identifier, e.g. `ingest.plain`, `query.hourlySeries`. */
  readonly key: string;
  readonly label: string;
  readonly unit: BenchUnit;
  /** Silt's median (or, for a `x` row, the factor computed from medians). */
  readonly silt: number;
  /** DuckDB's median (or factor). */
  readonly duckdb: number;
  /** silt / duckdb: below 1 Silt is faster (or smaller); for scaling factors, see `note`. */
  readonly ratio: number;
  /** Every sample behind Silt's value, in run order (empty for a factor row). */
  readonly siltRaw: readonly number[];
  readonly duckdbRaw: readonly number[];
  readonly note?: string;
}

/** A consistency check between the two systems (row counts, query answers). */
export interface BenchCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** Where the run happened. */
export interface MachineInfo {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryBytes: number;
  readonly platform: string;
  readonly node: string;
  readonly duckdb: string;
  /** 1, 5 and 15-minute load averages when the run started (other work on the machine skews timings). */
  readonly loadAverage: readonly number[];
  /** `git describe`-like commit of the Silt checkout, with `-dirty` when it has local changes. */
  readonly siltCommit: string;
}

/** Everything one run produced. */
export interface BenchResult {
  readonly startedAt: string;
  readonly machine: MachineInfo;
  readonly settings: { readonly rows: number; readonly reps: number; readonly queryRuns: number; readonly parts: readonly string[] };
  readonly rows: readonly BenchRow[];
  readonly checks: readonly BenchCheck[];
  /** Output lines of the WASM kernel micro-benchmarks (empty unless the `kernels` part ran). */
  readonly kernels: readonly string[];
}
