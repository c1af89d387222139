/**
 * Single-thread throughput of reading JSON lines into frames with the full 20-column wikipedia
 * signature, over 4 MiB chunks cut by `readRecordChunks`:
 * - `JSON.parse path`: `parseRecordChunk` as it ran before the WASM fast path (decode the chunk,
 *   `JSON.parse` per line, coerce per column);
 * - `fast path`: `parseRecordChunk` today (WASM NDJSON scan, dictionary-encoded strings);
 * - `WASM scan only`: `Kernels.scanJsonLines` without building frames;
 * - `JSON.parse only`: decoding the chunk and `JSON.parse` of each line, with no frame at all (the
 *   floor of any JSON.parse-based parser).
 * Prints the best of `RUNS` passes over the whole file (passes of the cases alternate), in MB/s
 * (10^6 bytes) of JSON.
 *
 * Generate the input outside the repo first, then run from the repo root (build the kernels first):
 *   node /work/shared/bench/gen-wiki.mjs /tmp/wiki-1m.json 1000000
 *   npx tsx packages/input/bench/json-parse-throughput.ts [/tmp/wiki-1m.json]
 */
import { existsSync, statSync } from 'node:fs';
import type { RowSignature } from '@silt/common';
import { loadKernelsSync } from '@silt/kernels';
import { type JsonInputFormat, type RecordChunk, listSplits, parseRecordChunk, readRecordChunks, resolveInputFormat } from '../src/index.ts';
import { parseJsonRecords } from '../src/json-records.ts';
import type { ParseError } from '../src/parse-error.ts';
import { RowWriter } from '../src/row-writer.ts';

const FILE = process.argv[2] ?? '/tmp/wiki-1m.json';
const CHUNK_BYTES = 4 << 20;
const RUNS = 5;

const LONGS = new Set(['metroCode', 'delta', 'added', 'deleted']);
const SIGNATURE: RowSignature = [
  'time', 'channel', 'cityName', 'comment', 'countryIsoCode', 'countryName', 'isAnonymous', 'isMinor', 'isNew', 'isRobot',
  'isUnpatrolled', 'metroCode', 'namespace', 'page', 'regionIsoCode', 'regionName', 'user', 'delta', 'added', 'deleted',
].map((name) => ({ name, type: LONGS.has(name) ? 'LONG' : 'STRING' }));
const COLUMNS = SIGNATURE.map((c) => c.name);
const INPUT_FORMAT = { type: 'json' };

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** `parseRecordChunk` for JSON before the fast path. */
function parseWithJsonParse(chunk: RecordChunk): number {
  const rows = new RowWriter(SIGNATURE);
  const errors: ParseError[] = [];
  parseJsonRecords(decoder.decode(chunk.bytes), resolveInputFormat(INPUT_FORMAT) as JsonInputFormat, COLUMNS, rows, chunk, errors, null);
  rows.build();
  return rows.numRows;
}

function jsonParseOnly(chunk: RecordChunk): number {
  const text = decoder.decode(chunk.bytes);
  let n = 0;
  for (let pos = 0; pos < text.length; ) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    JSON.parse(text.slice(pos, end));
    n++;
    pos = end + 1;
  }
  return n;
}

async function main(): Promise<void> {
  if (!existsSync(FILE)) {
    console.log(`${FILE} is absent: generate it with node /work/shared/bench/gen-wiki.mjs ${FILE} 1000000`);
    return;
  }
  const chunks: RecordChunk[] = [];
  for (const split of await listSplits({ type: 'local', files: [FILE] })) for await (const chunk of readRecordChunks(split, INPUT_FORMAT, CHUNK_BYTES)) chunks.push(chunk);
  const bytes = statSync(FILE).size;
  const kernels = loadKernelsSync();
  kernels.reserve(64 << 20);
  console.log(`Node ${process.version}; ${FILE}: ${(bytes / 1e6).toFixed(0)} MB in ${chunks.length} chunks of ~4 MiB; best of ${RUNS}, one thread\n`);
  console.log('| parser | rows | time | MB/s | vs JSON.parse path |');
  console.log('|---|---|---|---|---|');
  const cases: [string, (chunk: RecordChunk) => number][] = [
    ['JSON.parse path', parseWithJsonParse],
    ['fast path (parseRecordChunk)', (chunk) => parseRecordChunk(chunk, INPUT_FORMAT, SIGNATURE).frame.numRows],
    ['WASM scan only', (chunk) => kernels.scanJsonLines(chunk.bytes, COLUMNS)!.lines],
    ['JSON.parse only (no frame)', jsonParseOnly],
  ];
  // Passes of the cases alternate, so that a busy machine slows them alike; the best pass counts.
  const best = cases.map(() => Number.POSITIVE_INFINITY);
  const rows = cases.map(() => 0);
  for (let run = 0; run < RUNS; run++) {
    cases.forEach(([, parse], i) => {
      const start = performance.now();
      let n = 0;
      for (const chunk of chunks) n += parse(chunk);
      best[i] = Math.min(best[i]!, performance.now() - start);
      rows[i] = n;
    });
  }
  cases.forEach(([name], i) => {
    const ms = best[i]!;
    console.log(`| ${name} | ${rows[i]} | ${(ms / 1000).toFixed(2)} s | ${(bytes / 1e6 / (ms / 1000)).toFixed(0)} | ${(best[0]! / ms).toFixed(2)}x |`);
  });
  let lines = 0;
  let fallback = 0;
  let distinct = 0;
  for (const chunk of chunks) {
    const scan = kernels.scanJsonLines(chunk.bytes, COLUMNS)!;
    lines += scan.lines;
    fallback += scan.fallback.reduce((n, f) => n + f, 0);
    distinct += scan.dictionaries.reduce((n, d) => n + d.offsets.length - 1, 0);
  }
  console.log(`\n${fallback} of ${lines} lines fell back to JSON.parse; ${distinct} distinct strings (summed over chunks)`);
}

await main();
