/**
 * `runBench`: the whole benchmark run — input files, the ingestion and query sets in alternation,
 * the WASM kernel micro-benchmarks — reduced to a table of medians and Silt/DuckDB ratios.
 */
import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BenchCheck, BenchResult, BenchRow, BenchUnit } from './bench-result.ts';
import { datasetPaths, ensureDatasets } from './datasets.ts';
import { DuckDbProcess } from './duckdb-process.ts';
import { describeMachine, machineInfo } from './machine.ts';
import { type IngestSample, type IngestSetSpec, type MeasureContext, pairedFactor, runIngestSet, runIngestSets, runQuerySet } from './measurements.ts';
import type { BenchOptions } from './options.ts';
import { median } from './proc.ts';
import { BENCH_QUERIES } from './queries.ts';
import { SiltEmbedded } from './silt-embedded.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KERNELS_BENCH = join(ROOT, 'wasm/kernels/bench/kernels-bench.ts');

/** Silt's maxNumTasks for the main measurements: a controller and two workers. */
const TWO_WORKERS = 3;
/** Silt's maxNumTasks for the one-worker scaling case. */
const ONE_WORKER = 2;

function sampleRow(key: string, label: string, unit: BenchUnit, silt: readonly number[], duckdb: readonly number[], note?: string): BenchRow {
  const siltMedian = median(silt);
  const duckdbMedian = median(duckdb);
  return { key, label, unit, silt: siltMedian, duckdb: duckdbMedian, ratio: siltMedian / duckdbMedian, siltRaw: silt, duckdbRaw: duckdb, ...(note ? { note } : {}) };
}

function factorRow(key: string, label: string, silt: number, duckdb: number, note: string): BenchRow {
  return { key, label, unit: 'x', silt, duckdb, ratio: silt / duckdb, siltRaw: [], duckdbRaw: [], note };
}

const seconds = (samples: readonly IngestSample[]) => samples.map((s) => s.ms / 1000);
const rssMiB = (samples: readonly IngestSample[]) => samples.map((s) => s.peakRssBytes / 2 ** 20);
const diskMiB = (samples: readonly IngestSample[]) => samples.map((s) => s.diskBytes / 2 ** 20);
const compact = (n: number): string => new Intl.NumberFormat('en', { notation: 'compact' }).format(n);

async function duckDbVersion(scratchDir: string): Promise<string> {
  const db = await DuckDbProcess.start(join(scratchDir, 'version.db'));
  try {
    return await db.version();
  } finally {
    await db.stop();
  }
}

/** Runs the WASM kernel micro-benchmarks (through tsx) and returns their output lines. */
async function runKernelBench(log: (line: string) => void): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', KERNELS_BENCH], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  for await (const line of createInterface({ input: child.stdout })) {
    lines.push(line);
    log(`[kernels] ${line}`);
  }
  const code = await exited;
  if (code !== 0) throw new Error(`kernel micro-benchmarks exited with code ${code} (is wasm/kernels built?)`);
  return lines;
}

/**
 * Runs the benchmark parts chosen in `options` and returns the result table. Progress goes to
 * `log`, one line at a time. Input files are generated into `options.dataDir` when missing and
 * kept; servers and databases live under `<dataDir>/scratch`, deleted at the end.
 */
export async function runBench(options: BenchOptions, log: (line: string) => void): Promise<BenchResult> {
  const startedAt = new Date().toISOString();
  const { parts } = options;
  const needsData = [...parts].some((part) => part !== 'kernels');
  const files = needsData
    ? await ensureDatasets(options.dataDir, options.rows, { gz: parts.has('gz'), fiveCopies: parts.has('rows') }, log)
    : datasetPaths(options.dataDir, options.rows);
  const scratchDir = join(options.dataDir, 'scratch');
  await rm(scratchDir, { recursive: true, force: true });
  await mkdir(scratchDir, { recursive: true });
  const checks: BenchCheck[] = [];
  const context: MeasureContext = { scratchDir, reps: options.reps, log, checks };
  const rows: BenchRow[] = [];
  const size = compact(options.rows);
  const threads = `DuckDB default threads (${cpus().length})`;
  let kernels: string[] = [];
  try {
    const machine = machineInfo(await duckDbVersion(scratchDir));
    log(describeMachine(machine));
    const base = { file: files.plain, expectedRows: options.rows };
    const plainSpec: IngestSetSpec = { ...base, name: 'plain', siltMaxNumTasks: TWO_WORKERS, duckdbThreads: 0 };
    // A scaling factor compares a set with plain runs interleaved with it, repetition by repetition.
    const besidePlain = async (variant: IngestSetSpec) => {
      const [plain, measured] = await runIngestSets([{ ...plainSpec, name: `plain beside ${variant.name}` }, variant], context);
      return { plain: plain!, measured: measured! };
    };
    if (parts.has('ingest') || parts.has('queries')) {
      const plain = await runIngestSet(plainSpec, context, parts.has('queries'));
      const note = `Silt maxNumTasks ${TWO_WORKERS} (2 workers); ${threads}`;
      rows.push(sampleRow('ingest.plain', `ingest ${size} rows, plain JSON`, 's', seconds(plain.silt), seconds(plain.duckdb), note));
      rows.push(sampleRow('rss.plain', 'peak RSS, plain ingest', 'MiB', rssMiB(plain.silt), rssMiB(plain.duckdb), 'VmHWM of the server / DuckDB child'));
      rows.push(sampleRow('disk', `on-disk size, ${size} rows`, 'MiB', diskMiB(plain.silt), diskMiB(plain.duckdb), 'Silt segments/t vs DuckDB database file'));
      if (plain.kept) {
        try {
          const overHttp = await runQuerySet(plain.kept.silt, plain.kept.duckdb, options.queryRuns, context);
          for (const query of BENCH_QUERIES) {
            rows.push(sampleRow(`query.${query.key}`, query.label, 'ms', overHttp.silt.get(query.key)!, overHttp.duckdb.get(query.key)!, 'Silt: HTTP round trip; DuckDB: in process'));
          }
          // Like for like: the same data queried through Silt's library API, timed in its process.
          await plain.kept.silt.shutDown();
          const embedded = await SiltEmbedded.open(plain.kept.silt.dataDir);
          try {
            const inProcess = await runQuerySet(embedded, plain.kept.duckdb, options.queryRuns, context, 'in process');
            for (const query of BENCH_QUERIES) {
              const note = 'Silt: library API (Silt.query), in its process; DuckDB: in process';
              rows.push(sampleRow(`query.${query.key}.inProcess`, `${query.label}, in process`, 'ms', inProcess.silt.get(query.key)!, inProcess.duckdb.get(query.key)!, note));
            }
          } finally {
            await embedded.close();
          }
        } finally {
          await plain.kept.silt.stop();
          await plain.kept.duckdb.stop();
        }
      }
    }
    if (parts.has('gz')) {
      const gz = await runIngestSet({ name: 'gz', file: files.gz, expectedRows: options.rows, siltMaxNumTasks: TWO_WORKERS, duckdbThreads: 0 }, context);
      rows.push(sampleRow('ingest.gz', `ingest ${size} rows, gzip JSON`, 's', seconds(gz.silt), seconds(gz.duckdb), `Silt maxNumTasks ${TWO_WORKERS}; ${threads}`));
      rows.push(sampleRow('rss.gz', 'peak RSS, gzip ingest', 'MiB', rssMiB(gz.silt), rssMiB(gz.duckdb)));
    }
    if (parts.has('workers')) {
      // Like for like first: one Silt processing thread against one DuckDB thread, and what a second
      // core buys each. Then Silt's own knob: one worker against two on the same threads.
      const oneThread = await besidePlain({ ...base, name: 'one-thread', siltMaxNumTasks: ONE_WORKER, siltThreads: 1, duckdbThreads: 1 });
      rows.push(
        sampleRow('ingest.oneThread', `ingest ${size} rows, 1 thread`, 's', seconds(oneThread.measured.silt), seconds(oneThread.measured.duckdb), `Silt --threads 1, maxNumTasks ${ONE_WORKER}; DuckDB SET threads = 1`),
      );
      const siltThreads = pairedFactor(oneThread.measured.silt, oneThread.plain.silt);
      const duckdbThreads = pairedFactor(oneThread.measured.duckdb, oneThread.plain.duckdb);
      rows.push(factorRow('scaling.threads', `speed-up, 1 -> ${cpus().length} threads`, siltThreads, duckdbThreads, `time with 1 / time with ${cpus().length}, each repetition beside a plain run (higher is better)`));
      const oneWorker = await besidePlain({ ...base, name: 'one-worker', siltMaxNumTasks: ONE_WORKER, duckdbThreads: 0 });
      rows.push(sampleRow('ingest.oneWorker', `ingest ${size} rows, 1 worker, ${cpus().length} threads`, 's', seconds(oneWorker.measured.silt), seconds(oneWorker.measured.duckdb), `Silt maxNumTasks ${ONE_WORKER}; ${threads}`));
      const siltWorkers = pairedFactor(oneWorker.measured.silt, oneWorker.plain.silt);
      const duckdbRepeat = pairedFactor(oneWorker.measured.duckdb, oneWorker.plain.duckdb);
      rows.push(factorRow('scaling.workers', 'speed-up, 1 -> 2 workers', siltWorkers, duckdbRepeat, `Silt maxNumTasks 2 -> 3 on ${cpus().length} threads; DuckDB: the same run repeated (noise)`));
    }
    if (parts.has('rows')) {
      const five = await besidePlain({ name: 'five-copies', file: files.fiveCopies, expectedRows: options.rows * 5, siltMaxNumTasks: TWO_WORKERS, duckdbThreads: 0 });
      rows.push(sampleRow('ingest.fiveCopies', `ingest ${compact(options.rows * 5)} rows, plain JSON`, 's', seconds(five.measured.silt), seconds(five.measured.duckdb), `Silt maxNumTasks ${TWO_WORKERS}; ${threads}`));
      rows.push(sampleRow('rss.fiveCopies', `peak RSS, ${compact(options.rows * 5)}-row ingest`, 'MiB', rssMiB(five.measured.silt), rssMiB(five.measured.duckdb)));
      const silt = pairedFactor(five.measured.silt, five.plain.silt);
      const duckdb = pairedFactor(five.measured.duckdb, five.plain.duckdb);
      rows.push(factorRow('scaling.rows', `time ${compact(options.rows * 5)} / time ${size}`, silt, duckdb, 'each repetition beside a plain run; linear is 5; target for Silt <= 5.5'));
    }
    if (parts.has('kernels')) kernels = await runKernelBench(log);
    return {
      startedAt,
      machine,
      settings: { rows: options.rows, reps: options.reps, queryRuns: options.queryRuns, parts: [...parts] },
      rows,
      checks,
      kernels,
    };
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}
