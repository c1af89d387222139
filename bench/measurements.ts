/**
 * The measurement sets: repeated ingestions of one file by Silt and DuckDB (alternating which goes
 * first), and repeated runs of the benchmark queries over the ingested tables.
 */
import { join } from 'node:path';
import type { BenchCheck } from './bench-result.ts';
import { DuckDbProcess } from './duckdb-process.ts';
import { median } from './proc.ts';
import { BENCH_QUERIES, countColumn } from './queries.ts';
import { SiltServer } from './silt-server.ts';

/** One ingestion by one system: wall time, the process's peak RSS, the bytes written. */
export interface IngestSample {
  readonly ms: number;
  readonly peakRssBytes: number;
  readonly diskBytes: number;
}

/** What an ingestion set ingests and how. */
export interface IngestSetSpec {
  /** Short name used in progress lines, check names and scratch paths. */
  readonly name: string;
  readonly file: string;
  readonly expectedRows: number;
  /** Silt's `maxNumTasks` (controller plus workers). */
  readonly siltMaxNumTasks: number;
  /** Silt's processing threads (`--threads`); unset keeps one per core. */
  readonly siltThreads?: number;
  /** DuckDB's `threads` setting; 0 keeps the default (one per core). */
  readonly duckdbThreads: number;
}

/** Shared context of the measurement sets. */
export interface MeasureContext {
  /** Directory for the servers' data directories and the database files. */
  readonly scratchDir: string;
  readonly reps: number;
  readonly log: (line: string) => void;
  /** Consistency checks are appended here. */
  readonly checks: BenchCheck[];
}

/** The samples of an ingestion set; `kept` holds the last repetition's live processes when asked. */
export interface IngestSetResult {
  readonly silt: IngestSample[];
  readonly duckdb: IngestSample[];
  readonly kept?: { readonly silt: SiltServer; readonly duckdb: DuckDbProcess };
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function sampleLine(system: string, sample: IngestSample): string {
  return `${system.padEnd(6)} ${(sample.ms / 1000).toFixed(2)} s, peak RSS ${mib(sample.peakRssBytes)}, ${mib(sample.diskBytes)} on disk`;
}

/** Starts a fresh Silt server, ingests the set's file and measures it. */
async function ingestSilt(spec: IngestSetSpec, context: MeasureContext): Promise<{ sample: IngestSample; rows: number; server: SiltServer }> {
  const server = await SiltServer.start(join(context.scratchDir, `silt-${spec.name}`), spec.siltThreads);
  try {
    const ms = await server.ingest(spec.file, spec.siltMaxNumTasks);
    const peakRssBytes = server.peakRssBytes();
    const diskBytes = await server.segmentBytes('t');
    const { rows } = await server.query('SELECT COUNT(*) FROM t');
    return { sample: { ms, peakRssBytes, diskBytes }, rows: Number(rows[0]?.[0]), server };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Starts a DuckDB child on a fresh database file, ingests the set's file and measures it. */
async function ingestDuckDb(spec: IngestSetSpec, context: MeasureContext): Promise<{ sample: IngestSample; rows: number; db: DuckDbProcess }> {
  const db = await DuckDbProcess.start(join(context.scratchDir, `duckdb-${spec.name}.db`), spec.duckdbThreads);
  try {
    const ms = await db.ingest(spec.file);
    const peakRssBytes = db.peakRssBytes();
    const diskBytes = await db.diskBytes();
    const { rows } = await db.query('SELECT COUNT(*) FROM t');
    return { sample: { ms, peakRssBytes, diskBytes }, rows: Number(rows[0]?.[0]), db };
  } catch (error) {
    await db.stop();
    throw error;
  }
}

/**
 * Ingests `spec.file` `context.reps` times with each system, Silt first on even repetitions and
 * DuckDB first on odd ones, each time in a fresh process with fresh storage. With `keepLast`, the
 * last repetition's server and database stay up (the caller stops them).
 */
export async function runIngestSet(spec: IngestSetSpec, context: MeasureContext, keepLast = false): Promise<IngestSetResult> {
  return (await runIngestSets([spec], context, keepLast))[0]!;
}

/**
 * Runs ingestion sets interleaved: each repetition ingests every spec's file once with each system
 * (as {@link runIngestSet} does for one), so that sets compared with each other (the 5x file and
 * the 1x file, one thread and two) meet the machine alike even when its speed drifts during the
 * run; compare them repetition by repetition ({@link pairedFactor}). With `keepLast`, the first
 * spec's last server and database stay up.
 */
export async function runIngestSets(specs: readonly IngestSetSpec[], context: MeasureContext, keepLast = false): Promise<IngestSetResult[]> {
  const results = specs.map(() => ({ silt: [] as IngestSample[], duckdb: [] as IngestSample[], counts: [] as { system: string; rows: number }[] }));
  const kept: { silt?: SiltServer; duckdb?: DuckDbProcess } = {};
  try {
    for (let rep = 0; rep < context.reps; rep++) {
      for (const [i, spec] of specs.entries()) {
        const keep = keepLast && i === 0 && rep === context.reps - 1;
        const result = results[i]!;
        const order = rep % 2 === 0 ? (['silt', 'duckdb'] as const) : (['duckdb', 'silt'] as const);
        for (const system of order) {
          if (system === 'silt') {
            const run = await ingestSilt(spec, context);
            if (keep) kept.silt = run.server;
            else await run.server.stop();
            result.silt.push(run.sample);
            result.counts.push({ system: 'Silt', rows: run.rows });
            context.log(`[${spec.name} ${rep + 1}/${context.reps}] ${sampleLine('Silt', run.sample)}`);
          } else {
            const run = await ingestDuckDb(spec, context);
            if (keep) kept.duckdb = run.db;
            else await run.db.stop();
            result.duckdb.push(run.sample);
            result.counts.push({ system: 'DuckDB', rows: run.rows });
            context.log(`[${spec.name} ${rep + 1}/${context.reps}] ${sampleLine('DuckDB', run.sample)}`);
          }
        }
      }
    }
  } catch (error) {
    await kept.silt?.stop();
    await kept.duckdb?.stop();
    throw error;
  }
  return specs.map((spec, i) => {
    const { silt, duckdb, counts } = results[i]!;
    context.checks.push({
      name: `${spec.name}: row count`,
      ok: counts.every((count) => count.rows === spec.expectedRows),
      detail: `expected ${spec.expectedRows}; ${counts.map((count) => `${count.system} ${count.rows}`).join(', ')}`,
    });
    return i === 0 && kept.silt && kept.duckdb ? { silt, duckdb, kept: { silt: kept.silt, duckdb: kept.duckdb } } : { silt, duckdb };
  });
}

/** The median over repetitions of one set's time divided by another's in the same repetition. */
export function pairedFactor(numerator: readonly IngestSample[], denominator: readonly IngestSample[]): number {
  return median(numerator.map((sample, rep) => sample.ms / denominator[rep]!.ms));
}

/** Query timings in ms per query key, for each system. */
export interface QuerySamples {
  readonly silt: Map<string, number[]>;
  readonly duckdb: Map<string, number[]>;
}

/** Whatever answers Silt's queries with their time: the server over HTTP, or Silt embedded in a process. */
export interface SiltQueries {
  query(sql: string): Promise<{ readonly ms: number; readonly rows: readonly (readonly unknown[])[] }>;
}

/**
 * Runs each benchmark query once untimed on each system, then `runs` timed times, alternating
 * which system goes first. Checks that both systems return the same count column. `how` names Silt's
 * side in the checks and the log when it is not the server's HTTP API (e.g. `in process`).
 */
export async function runQuerySet(silt: SiltQueries, db: DuckDbProcess, runs: number, context: MeasureContext, how?: string): Promise<QuerySamples> {
  const samples: QuerySamples = { silt: new Map(), duckdb: new Map() };
  const named = (key: string) => (how ? `${key} ${how}` : key);
  for (const query of BENCH_QUERIES) {
    const siltWarm = await silt.query(query.silt);
    const duckWarm = await db.query(query.duckdb);
    const siltCounts = countColumn(siltWarm.rows);
    const duckCounts = countColumn(duckWarm.rows);
    context.checks.push({
      name: `query ${named(query.key)}: same counts`,
      ok: siltCounts.length > 0 && siltCounts.join() === duckCounts.join(),
      detail: `Silt [${siltCounts.join(', ')}] DuckDB [${duckCounts.join(', ')}]`,
    });
    const siltMs: number[] = [];
    const duckdb: number[] = [];
    for (let run = 0; run < runs; run++) {
      if (run % 2 === 0) {
        siltMs.push((await silt.query(query.silt)).ms);
        duckdb.push((await db.query(query.duckdb)).ms);
      } else {
        duckdb.push((await db.query(query.duckdb)).ms);
        siltMs.push((await silt.query(query.silt)).ms);
      }
    }
    samples.silt.set(query.key, siltMs);
    samples.duckdb.set(query.key, duckdb);
    context.log(`[queries] ${named(query.key)}: Silt ${siltMs.map((ms) => ms.toFixed(1)).join(' ')} ms; DuckDB ${duckdb.map((ms) => ms.toFixed(1)).join(' ')} ms`);
  }
  return samples;
}
