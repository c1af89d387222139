/**
 * Single-thread parse throughput of every input format `parseRecordChunk` reads, on the same
 * wikipedia-shaped rows (../shared/bench/gen-wiki.mjs, seed 42) written in each format:
 * - `json`: the NDJSON as generated (the WASM NDJSON fast path);
 * - `json + flattenSpec path`: the same file with a flattenSpec `path` field, which the fast path
 *   cannot honour (so every line goes through `JSON.parse` and the flattener);
 * - `csv` / `tsv`: with a header row (`findColumnsFromHeader`), nulls as empty fields;
 * - `avro_ocf (null)` / `avro_ocf (deflate)`: object container files written by avsc;
 * - `parquet`: written by DuckDB (the bench's devDependency `@duckdb/node-api`), snappy-compressed.
 * - `orc`: written by `orc-writer.ts` (no package on this machine writes ORC): uncompressed, DIRECT
 *   encoding, integer RLE v1 literals, booleans as strings.
 *
 * Each file is cut by `readRecordChunks` into ~4 MiB chunks (as the engine does) and held in memory;
 * then `parseRecordChunk(chunk, inputFormat, signature)` runs over all chunks in the main thread.
 * Passes of the formats alternate over `RUNS` rounds, so a busy machine slows them alike; the best
 * pass counts. MB/s is 10^6 on-disk bytes of the format's file per second.
 *
 * Run from the repo root (the kernels must be built for the JSON fast path):
 *   npx tsx packages/input/bench/format-throughput.ts [rows=200000]
 * Rows are the first `rows` lines of /work/bench-data/wiki-1m.json when it holds enough, else they
 * are generated into the temp dir.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import avro from 'avsc';
import { writeOrcFile } from './orc-writer.ts';
import type { RowSignature } from '@silt/common';
import { type RecordChunk, listSplits, parseRecordChunk, readRecordChunks } from '../src/index.ts';

const ROWS = Number(process.argv[2] ?? 200_000);
const CHUNK_BYTES = 4 << 20;
const RUNS = 3;
const CACHED = '/work/bench-data/wiki-1m.json';
const CACHED_ROWS = 1_000_000;
const GENERATOR = fileURLToPath(new URL('../../../../shared/bench/gen-wiki.mjs', import.meta.url));

const LONGS = new Set(['metroCode', 'delta', 'added', 'deleted']);
const BOOLEANS = new Set(['isAnonymous', 'isMinor', 'isNew', 'isRobot', 'isUnpatrolled']);
const COLUMNS = [
  'time', 'channel', 'cityName', 'comment', 'countryIsoCode', 'countryName', 'isAnonymous', 'isMinor', 'isNew', 'isRobot',
  'isUnpatrolled', 'metroCode', 'namespace', 'page', 'regionIsoCode', 'regionName', 'user', 'delta', 'added', 'deleted',
];
const SIGNATURE: RowSignature = COLUMNS.map((name) => ({ name, type: LONGS.has(name) ? 'LONG' : 'STRING' }));

type Row = Record<string, string | number | boolean | null>;

/** One format under test: its file and input format, filled in once written. */
interface Case {
  readonly name: string;
  readonly file: string;
  readonly inputFormat: Readonly<Record<string, unknown>>;
  chunks: RecordChunk[];
  best: number;
  rows: number;
  errors: number;
}

/** Writes the first `rows` rows of the wiki data to `out` as NDJSON and returns them parsed. */
async function wikiRows(out: string, dir: string): Promise<Row[]> {
  let source = CACHED;
  if (!existsSync(CACHED) || ROWS > CACHED_ROWS) {
    source = path.join(dir, 'generated.json');
    console.log(`generating ${ROWS} rows with ${GENERATOR}`);
    const gen = spawnSync(process.execPath, [GENERATOR, source, String(ROWS), '1', '42'], { stdio: 'inherit' });
    if (gen.status !== 0) throw new Error(`gen-wiki.mjs exited with ${gen.status}`);
  }
  const lines: string[] = [];
  const reader = createInterface({ input: createReadStream(source), crlfDelay: Infinity });
  for await (const line of reader) {
    if (line.length === 0) continue;
    lines.push(line);
    if (lines.length === ROWS) break;
  }
  reader.close();
  writeFileSync(out, lines.join('\n') + '\n');
  return lines.map((l) => JSON.parse(l) as Row);
}

function csvField(v: Row[string]): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** TSV has no quoting: tabs and line breaks inside values become spaces (the generator makes none). */
function tsvField(v: Row[string]): string {
  return v === null || v === undefined ? '' : String(v).replace(/[\t\r\n]/g, ' ');
}

function writeDelimited(file: string, rows: readonly Row[], sep: string, field: (v: Row[string]) => string): void {
  const parts = [COLUMNS.join(sep)];
  for (const row of rows) parts.push(COLUMNS.map((c) => field(row[c] ?? null)).join(sep));
  writeFileSync(file, parts.join('\n') + '\n');
}

const AVRO_SCHEMA = {
  type: 'record',
  name: 'wikipedia',
  fields: COLUMNS.map((name) => ({
    name,
    type: name === 'time' ? 'string' : ['null', LONGS.has(name) ? 'long' : BOOLEANS.has(name) ? 'boolean' : 'string'],
  })),
};

async function writeAvro(file: string, rows: readonly Row[], codec: 'null' | 'deflate'): Promise<void> {
  const encoder = new avro.streams.BlockEncoder(avro.Type.forSchema(AVRO_SCHEMA as unknown as avro.Schema), { codec } as never);
  const done = pipeline(encoder, createWriteStream(file));
  for (const row of rows) {
    const record: Row = {};
    for (const c of COLUMNS) record[c] = row[c] ?? null;
    if (!encoder.write(record)) await new Promise((resolve) => encoder.once('drain', resolve));
  }
  encoder.end();
  await done;
}

/** Writes the JSON rows as snappy Parquet through DuckDB, keeping `time` a string as in the signature. */
async function writeParquet(jsonFile: string, file: string): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(
    `COPY (SELECT * REPLACE (CAST("time" AS VARCHAR) AS "time") FROM read_json('${jsonFile}')) TO '${file}' (FORMAT parquet, COMPRESSION snappy)`,
  );
  connection.closeSync();
  instance.closeSync();
}

function writeOrc(file: string, rows: readonly Row[]): void {
  const columns = COLUMNS.map((name) => ({ name, type: LONGS.has(name) ? ('LONG' as const) : ('STRING' as const) }));
  writeOrcFile(file, columns, rows.map((row) => COLUMNS.map((c) => (typeof row[c] === 'boolean' ? String(row[c]) : ((row[c] ?? null) as string | number | null)))));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'silt-format-bench-'));
  try {
    const jsonFile = path.join(dir, 'wiki.json');
    const rows = await wikiRows(jsonFile, dir);
    const csvFile = path.join(dir, 'wiki.csv');
    const tsvFile = path.join(dir, 'wiki.tsv');
    writeDelimited(csvFile, rows, ',', csvField);
    writeDelimited(tsvFile, rows, '\t', tsvField);
    const avroNull = path.join(dir, 'wiki-null.avro');
    const avroDeflate = path.join(dir, 'wiki-deflate.avro');
    await writeAvro(avroNull, rows, 'null');
    await writeAvro(avroDeflate, rows, 'deflate');
    const parquetFile = path.join(dir, 'wiki.parquet');
    await writeParquet(jsonFile, parquetFile);
    const orcFile = path.join(dir, 'wiki.orc');
    writeOrc(orcFile, rows);

    const cases: Case[] = [
      { name: 'json', file: jsonFile, inputFormat: { type: 'json' } },
      {
        name: 'json + flattenSpec path',
        file: jsonFile,
        inputFormat: { type: 'json', flattenSpec: { useFieldDiscovery: true, fields: [{ type: 'path', name: 'page', expr: '$.page' }] } },
      },
      { name: 'csv', file: csvFile, inputFormat: { type: 'csv', findColumnsFromHeader: true } },
      { name: 'tsv', file: tsvFile, inputFormat: { type: 'tsv', findColumnsFromHeader: true } },
      { name: 'avro_ocf (null codec)', file: avroNull, inputFormat: { type: 'avro_ocf' } },
      { name: 'avro_ocf (deflate)', file: avroDeflate, inputFormat: { type: 'avro_ocf' } },
      { name: 'parquet (snappy, written by DuckDB)', file: parquetFile, inputFormat: { type: 'parquet' } },
      { name: 'orc (uncompressed, written by orc-writer.ts)', file: orcFile, inputFormat: { type: 'orc' } },
    ].map((c) => ({ ...c, chunks: [], best: Number.POSITIVE_INFINITY, rows: 0, errors: 0 }));

    rows.length = 0; // free the parsed rows before timing
    for (const c of cases) {
      for (const split of await listSplits({ type: 'local', files: [c.file] })) {
        for await (const chunk of readRecordChunks(split, c.inputFormat, CHUNK_BYTES)) c.chunks.push(chunk);
      }
    }

    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    console.log(`Node ${process.version}, ${cpus().length} x ${cpu}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`${ROWS} wiki rows, 20-column signature, ~4 MiB chunks, best of ${RUNS} alternating rounds, main thread\n`);

    for (let run = 0; run < RUNS; run++) {
      for (const c of cases) {
        let n = 0;
        let errors = 0;
        const start = performance.now();
        for (const chunk of c.chunks) {
          const parsed = parseRecordChunk(chunk, c.inputFormat, SIGNATURE);
          n += parsed.frame.numRows;
          errors += parsed.errors.length;
        }
        c.best = Math.min(c.best, performance.now() - start);
        c.rows = n;
        c.errors = errors;
      }
    }

    console.log('| format | input MB | chunks | rows | seconds | MB/s | rows/s |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const c of cases) {
      const mb = statSync(c.file).size / 1e6;
      const s = c.best / 1000;
      const errors = c.errors ? ` (${c.errors} errors)` : '';
      console.log(`| ${c.name} | ${mb.toFixed(1)} | ${c.chunks.length} | ${c.rows}${errors} | ${s.toFixed(2)} | ${(mb / s).toFixed(1)} | ${Math.round(c.rows / s).toLocaleString('en-US')} |`);
    }
    console.log('');
    console.log(`load average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
