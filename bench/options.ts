/**
 * Options of `npm run bench`, from flags or environment variables (flags win).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The parts of the benchmark that can be chosen with `--only`. */
export const BENCH_PARTS = ['ingest', 'gz', 'workers', 'rows', 'queries', 'kernels'] as const;

/** One part of the benchmark. */
export type BenchPart = (typeof BENCH_PARTS)[number];

/** What one run measures and where its files live. */
export interface BenchOptions {
  /** Rows in the generated input file. */
  readonly rows: number;
  /** Repetitions of each ingestion measurement (each system, alternating). */
  readonly reps: number;
  /** Timed runs of each query per system (after one untimed warm-up run). */
  readonly queryRuns: number;
  /** The parts to run. */
  readonly parts: ReadonlySet<BenchPart>;
  /** Where input files are generated and the databases of the runs live. */
  readonly dataDir: string;
  /** Where the result table is written as JSON. */
  readonly jsonPath: string;
}

/** Usage text printed by `--help` and on a bad flag. */
export const USAGE = `usage: npm run bench -- [options]
  --rows N          rows in the generated file (default 1000000; env SILT_BENCH_ROWS)
  --reps N          repetitions of each ingestion, alternating Silt and DuckDB (default 3; SILT_BENCH_REPS)
  --query-runs N    timed runs of each query per system (default 5; SILT_BENCH_QUERY_RUNS)
  --only LIST       comma-separated parts: ${BENCH_PARTS.join(',')} (SILT_BENCH_ONLY)
                    default: every part except rows
  --full            add rows: ${'`'}rows${'`'} vs 5 x rows linear scaling (SILT_BENCH_FULL=1)
  --data-dir DIR    input files and scratch databases (default bench/data; SILT_BENCH_DATA_DIR)
  --json FILE       result table as JSON (default <data-dir>/last-run.json)`;

/** A bad command line; its message is meant for the user, next to the usage text. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

const DEFAULT_DATA_DIR = fileURLToPath(new URL('./data', import.meta.url));

function positiveInteger(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new BenchUsageError(`${flag} must be a positive integer, got [${raw}]`);
  return value;
}

function parseParts(raw: string | undefined, full: boolean): Set<BenchPart> {
  if (raw === undefined) {
    const parts = new Set<BenchPart>(BENCH_PARTS.filter((part) => part !== 'rows'));
    if (full) parts.add('rows');
    return parts;
  }
  const parts = new Set<BenchPart>();
  for (const name of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(BENCH_PARTS as readonly string[]).includes(name)) throw new BenchUsageError(`unknown part [${name}] in --only (parts: ${BENCH_PARTS.join(', ')})`);
    parts.add(name as BenchPart);
  }
  if (full) parts.add('rows');
  if (parts.size === 0) throw new BenchUsageError('--only names no part');
  return parts;
}

/**
 * Reads the options from `argv` (without the node and script paths) and `env`. Returns `undefined`
 * for `--help`. Throws `BenchUsageError` on a bad flag or value.
 */
export function parseBenchArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): BenchOptions | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        rows: { type: 'string' },
        reps: { type: 'string' },
        'query-runs': { type: 'string' },
        only: { type: 'string' },
        full: { type: 'boolean' },
        'data-dir': { type: 'string' },
        json: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
  if (values.help) return undefined;
  const full = values.full ?? (env.SILT_BENCH_FULL === '1' || env.SILT_BENCH_FULL === 'true');
  const dataDir = resolve(values['data-dir'] ?? env.SILT_BENCH_DATA_DIR ?? DEFAULT_DATA_DIR);
  return {
    rows: positiveInteger('--rows', values.rows ?? env.SILT_BENCH_ROWS, 1_000_000),
    reps: positiveInteger('--reps', values.reps ?? env.SILT_BENCH_REPS, 3),
    queryRuns: positiveInteger('--query-runs', values['query-runs'] ?? env.SILT_BENCH_QUERY_RUNS, 5),
    parts: parseParts(values.only ?? env.SILT_BENCH_ONLY, full),
    dataDir,
    jsonPath: resolve(values.json ?? `${dataDir}/last-run.json`),
  };
}
