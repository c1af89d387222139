/**
 * Decompression throughput of every compression format the input layer reads, on a generated ~50 MB
 * JSON-lines sample (wikiticker-like rows). Prints one Markdown table row per format: compressed
 * size, best-of-3 time to decompress the whole file through the input layer's streaming decoders,
 * and MB/s of decompressed output. Needs the `bzip2`, `xz`, `zstd` and `zip` tools for those formats
 * (a missing tool skips its format).
 *
 * Run: `npx tsx packages/input/bench/decompression-throughput.ts`
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type CompressionFormat, decompress } from '../src/compression.ts';
import { zipEntryBytes } from '../src/zip-entries.ts';
import { snappyFramedEncode } from '../test/support/snappy-framed-encoder.ts';
import { hasTool } from '../test/support/host-tools.ts';

const TARGET_BYTES = 50 * 1024 * 1024;
const RUNS = 3;

/** A deterministic pseudo-random generator (mulberry32), so every run measures the same sample. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sample(): Buffer {
  const next = random(42);
  const pages = Array.from({ length: 5000 }, (_, i) => `Page_${i}_${Math.floor(next() * 1e6).toString(36)}`);
  const users = Array.from({ length: 800 }, (_, i) => `user${i}`);
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < TARGET_BYTES; i++) {
    const line = `${JSON.stringify({
      time: new Date(1442016000000 + i * 37).toISOString(),
      page: pages[Math.floor(next() ** 2 * pages.length)],
      user: users[Math.floor(next() * users.length)],
      countryName: next() < 0.5 ? null : ['United States', 'France', 'Japan', 'Brazil'][Math.floor(next() * 4)],
      isRobot: next() < 0.2,
      added: Math.floor(next() * 2000),
      deleted: Math.floor(next() * 300),
      comment: `edit ${Math.floor(next() * 1e9).toString(36)}`,
    })}\n`;
    lines.push(line);
    bytes += line.length;
  }
  return Buffer.from(lines.join(''));
}

async function* fileBytes(file: string): AsyncIterable<Uint8Array> {
  for await (const piece of createReadStream(file, { highWaterMark: 64 * 1024 })) yield piece as Buffer;
}

async function drain(pieces: AsyncIterable<Uint8Array>): Promise<number> {
  let total = 0;
  for await (const piece of pieces) total += piece.length;
  return total;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'silt-bench-'));
  try {
    const data = sample();
    const plain = path.join(dir, 'sample.json');
    writeFileSync(plain, data);
    const files: { format: CompressionFormat | 'none'; file: string }[] = [{ format: 'none', file: plain }];
    writeFileSync(`${plain}.gz`, gzipSync(data));
    files.push({ format: 'gz', file: `${plain}.gz` });
    for (const [format, tool, args] of [
      ['bz2', 'bzip2', ['-c']],
      ['xz', 'xz', ['-c', '-T1']],
      ['zst', 'zstd', ['-q', '-c']],
    ] as const) {
      if (!hasTool(tool)) {
        console.log(`(skipping ${format}: no ${tool} tool)`);
        continue;
      }
      writeFileSync(`${plain}.${format}`, execFileSync(tool, [...args, plain], { maxBuffer: 1 << 30 }));
      files.push({ format, file: `${plain}.${format}` });
    }
    if (hasTool('zip')) {
      execFileSync('zip', ['-q', '-j', `${plain}.zip`, plain]);
      files.push({ format: 'zip', file: `${plain}.zip` });
    }
    writeFileSync(`${plain}.sz`, snappyFramedEncode(data));
    files.push({ format: 'sz', file: `${plain}.sz` });

    const mb = data.length / 1e6;
    console.log(`sample: ${mb.toFixed(1)} MB of JSON lines; best of ${RUNS} runs; Node ${process.version}\n`);
    console.log('| format | compressed MB | ratio | seconds | MB/s (decompressed) |');
    console.log('|---|---|---|---|---|');
    for (const { format, file } of files) {
      let best = Infinity;
      for (let run = 0; run < RUNS; run++) {
        const start = performance.now();
        const pieces = format === 'none' ? fileBytes(file) : format === 'zip' ? zipEntryBytes(file) : decompress(fileBytes(file), format, file);
        const total = await drain(pieces);
        if (total !== data.length) throw new Error(`${format}: got ${total} bytes, expected ${data.length}`);
        best = Math.min(best, (performance.now() - start) / 1000);
      }
      const size = statSync(file).size / 1e6;
      console.log(`| ${format} | ${size.toFixed(1)} | ${(mb / size).toFixed(1)} | ${best.toFixed(2)} | ${(mb / best).toFixed(0)} |`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
