/**
 * Segment build benchmark: the engine's `buildSegment` pool task on one wikipedia-shaped partition.
 *
 * Prepares (once, cached under the OS temp dir) ~250 shuffle frame files of 4,000 rows each, cut
 * from a JSON-lines file made by `/work/shared/bench/gen-wiki.mjs` (made on the fly when absent),
 * each frame with its own first-seen string dictionaries, as the scan stage writes them. Then, in
 * a fresh child process per path so that peak RSS is the path's own, it builds the segment:
 * - `concat`: read the files, `concatFrames`, sort, `gatherFrame`, `encodeSegment` (the engine's
 *   task as it was, on the current code);
 * - `sorted`: read the files, sort over the concatenated key columns only, `writeSegmentFileSync`
 *   through that order (what the engine's task should do).
 * Both sort with the engine's `segmentSortPermutation` (imported from its source). It prints the
 * wall time of each phase, the child's CPU time and peak RSS, and the stored bytes
 * of each column. The machine is shared: compare CPU times, and run more than once.
 *
 * Run: `npx tsx packages/segment/bench/build-segment.ts [rows=1000000] [path=concat,sorted]`
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RowSignature } from '@silt/common';
import { type Frame, columnBuilder, concatFrames, encodeFrame, gatherFrame, readFrameFileSync, selectColumns, writeFrameFileSync } from '@silt/frame';
import { segmentSortPermutation } from '../../engine/src/exec/segment-sort.ts';
import { SegmentFile, encodeSegment, writeSegmentFileSync } from '../src/index.ts';

const ROWS_PER_FILE = 4000;
const STRINGS = ['time', 'channel', 'cityName', 'comment', 'countryIsoCode', 'countryName', 'isAnonymous', 'isMinor', 'isNew', 'isRobot', 'isUnpatrolled'];
const SIGNATURE: RowSignature = [
  { name: '__time', type: 'LONG' },
  ...STRINGS.map((name) => ({ name, type: 'STRING' as const })),
  { name: 'metroCode', type: 'LONG' },
  ...['namespace', 'page', 'regionIsoCode', 'regionName', 'user'].map((name) => ({ name, type: 'STRING' as const })),
  ...['delta', 'added', 'deleted'].map((name) => ({ name, type: 'LONG' as const })),
];
const SORT = ['__time', 'channel'];
const META = {
  interval: { start: Date.UTC(2015, 8, 12), end: Date.UTC(2015, 8, 13) },
  dimensions: SIGNATURE.slice(1, 18).map((c) => c.name),
  metrics: ['delta', 'added', 'deleted'],
  rollup: false,
};

async function prepare(rows: number): Promise<string> {
  const dir = join(tmpdir(), 'silt-segment-bench', String(rows));
  if (existsSync(join(dir, 'done'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const json = join(tmpdir(), `silt-segment-bench-wiki-${rows}.json`);
  if (!existsSync(json)) execFileSync(process.execPath, ['/work/shared/bench/gen-wiki.mjs', json, String(rows)], { stdio: 'inherit' });
  let builders = SIGNATURE.map((c) => columnBuilder(c.type, ROWS_PER_FILE));
  let file = 0;
  const flush = () => {
    const frame: Frame = { signature: SIGNATURE, numRows: builders[0]!.length, columns: builders.map((b) => b.build()) };
    writeFrameFileSync(join(dir, `run-${String(file++).padStart(4, '0')}.frames`), [encodeFrame(frame)]);
    builders = SIGNATURE.map((c) => columnBuilder(c.type, ROWS_PER_FILE));
  };
  for await (const line of createInterface({ input: createReadStream(json) })) {
    if (line === '') continue;
    const record = JSON.parse(line) as Record<string, unknown>;
    builders[0]!.add(Date.parse(record.time as string));
    for (let c = 1; c < SIGNATURE.length; c++) builders[c]!.add(record[SIGNATURE[c]!.name]);
    if (builders[0]!.length === ROWS_PER_FILE) flush();
  }
  if (builders[0]!.length > 0) flush();
  writeFileSync(join(dir, 'done'), '');
  return dir;
}

/** Runs `f`, recording its wall time under `name` and its main-thread-and-GC CPU time under `name` + ' cpu'. */
function timed<T>(phases: Record<string, number>, name: string, f: () => T): T {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const out = f();
  const used = process.cpuUsage(cpu);
  phases[name] = performance.now() - start;
  phases[`${name} cpu`] = (used.user + used.system) / 1000;
  return out;
}

/** Child: builds the segment one way, writes it, prints a JSON line of phases and peak RSS. */
function runPath(dir: string, path: string): void {
  const files = readdirSync(dir).filter((f) => f.endsWith('.frames')).sort().map((f) => join(dir, f));
  const phases: Record<string, number> = {};
  const start = performance.now();
  const frames = timed(phases, 'read', () => files.flatMap((f) => readFrameFileSync(f)));
  const out = join(dir, `${path}.seg`);
  let size: number;
  if (path === 'concat') {
    const all = timed(phases, 'concat', () => concatFrames(frames[0]!.signature, frames));
    const order = timed(phases, 'sort', () => segmentSortPermutation(all, SORT));
    const sorted = timed(phases, 'gather', () => gatherFrame(all, order));
    const bytes = timed(phases, 'encode', () => encodeSegment([sorted], META));
    timed(phases, 'write', () => writeFileSync(out, bytes));
    size = bytes.length;
  } else {
    const keys = timed(phases, 'concat', () =>
      concatFrames(
        SIGNATURE.filter((c) => SORT.includes(c.name)),
        frames.map((f) => selectColumns(f, SORT)),
      ),
    );
    const order = timed(phases, 'sort', () => segmentSortPermutation(keys, SORT));
    size = timed(phases, 'encode+write', () => writeSegmentFileSync(out, frames, order, META)).size;
  }
  phases.total = performance.now() - start;
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({ phases, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMB: process.resourceUsage().maxRSS / 1024, file: out, size }));
}

async function main(): Promise<void> {
  const [mode, arg1, arg2] = process.argv.slice(2);
  if (mode === '--child') return runPath(arg1!, arg2!);
  const rows = Number(mode ?? 1_000_000);
  const paths = (arg1 ?? 'concat,sorted').split(',');
  const dir = await prepare(rows);
  for (const path of paths) {
    const line = execFileSync(process.execPath, [...process.execArgv, import.meta.filename, '--child', dir, path], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const result = JSON.parse(line.trim().split('\n').pop()!) as { phases: Record<string, number>; cpuSeconds: number; maxRssMB: number; file: string; size: number };
    console.log(
      `\n## ${path}: ${(result.phases.total! / 1000).toFixed(2)} s wall, ${result.cpuSeconds.toFixed(2)} s CPU (whole process), peak RSS ${result.maxRssMB.toFixed(0)} MB, file ${(result.size / 1e6).toFixed(2)} MB`,
    );
    console.log(Object.entries(result.phases).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s`).join(', '));
    const segment = await SegmentFile.open(result.file);
    console.log('| column | encoding | stored bytes | raw bytes | blocks (codec stored/raw) |\n| --- | --- | ---: | ---: | --- |');
    for (const c of segment.columns) {
      const stored = c.blocks.reduce((n, b) => n + b.storedLength, 0);
      const raw = c.blocks.reduce((n, b) => n + b.rawLength, 0);
      console.log(`| ${c.name} | ${c.encoding} | ${stored} | ${raw} | ${c.blocks.map((b) => `${b.codec} ${b.storedLength}/${b.rawLength}`).join(', ')} |`);
    }
  }
}

await main();
