import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type InputSplit, byteRangeSplits, listSplits, parseRecordChunk, readRecordChunks } from '../src/index.ts';
import { LocalFileReader } from '../src/local-file-reader.ts';
import { rng } from '../../../test/support/random.ts';

const signature = [{ name: 'n', type: 'LONG' }] as const;

async function numbers(split: InputSplit): Promise<number[]> {
  const out: number[] = [];
  for await (const chunk of readRecordChunks(split, { type: 'json' }, 4096)) {
    const parsed = parseRecordChunk(chunk, { type: 'json' }, signature);
    expect(parsed.errors).toEqual([]);
    const col = parsed.frame.columns[0]!;
    if (col.kind === 'numeric') out.push(...col.values);
  }
  return out;
}

describe('byte-range splits of one large file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'silt-ranges-'));
  const path = join(dir, 'big.json');
  const rows = 700_000;
  writeFileSync(path, Array.from({ length: rows }, (_, i) => JSON.stringify({ n: i, pad: 'x'.repeat(i % 50) })).join('\n') + '\n');

  it('cover every record exactly once, whatever the cut points', async () => {
    const [split] = await listSplits({ type: 'local', files: [path] });
    const parts = byteRangeSplits(split!, 3, { type: 'json' });
    expect(parts).toHaveLength(3);
    expect(parts.map((p) => p.byteRange!.start)).toEqual([0, parts[0]!.byteRange!.end, parts[1]!.byteRange!.end]);
    const all = (await Promise.all(parts.map(numbers))).flat();
    expect(all).toHaveLength(rows);
    expect(new Set(all).size).toBe(rows);
    expect(all.reduce((a, b) => a + b, 0)).toBe((rows * (rows - 1)) / 2);
  });

  it('keep small, compressed, csv and non-local files whole', async () => {
    const [split] = await listSplits({ type: 'local', files: [path] });
    expect(byteRangeSplits(split!, 3, { type: 'csv', columns: ['n'] })).toHaveLength(1);
    expect(byteRangeSplits({ ...split!, size: 1000 }, 3, { type: 'json' })).toHaveLength(1);
    expect(byteRangeSplits({ ...split!, source: `${path}.gz` }, 3, { type: 'json' })).toHaveLength(1);
  });
});

describe('LocalFileReader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'silt-reader-'));
  const path = join(dir, 'lines.json');
  const lines = Array.from({ length: 600 }, (_, i) => `${i}:${'z'.repeat((i * 7) % 23)}`);
  const content = lines.join('\n') + '\n';
  writeFileSync(path, content);
  // The same records with no newline after the last.
  const unterminatedPath = join(dir, 'unterminated.json');
  const unterminated = lines.join('\n');
  writeFileSync(unterminatedPath, unterminated);

  async function readAll(range: { start: number; end: number } | undefined, readSize: number, file = path): Promise<string> {
    const reader = await LocalFileReader.open(file, range);
    const out: Buffer[] = [];
    try {
      for (;;) {
        const into = new Uint8Array(readSize + 5);
        const n = await reader.read(into, 5, readSize);
        if (n === 0) break;
        out.push(Buffer.from(into.subarray(5, 5 + n)));
      }
    } finally {
      await reader.close();
    }
    return Buffer.concat(out).toString('utf8');
  }

  it('reads a whole file, whatever the read size', async () => {
    for (const size of [1, 7, 4096, 1 << 20]) expect(await readAll(undefined, size)).toBe(content);
  });

  it('gives each record to the one range it starts in, for cuts anywhere (on a newline too)', async () => {
    const random = rng(11);
    const newline = content.indexOf('\n', 500);
    for (let round = 0; round < 40; round++) {
      const cuts = [0, ...Array.from({ length: 3 }, () => Math.floor(random() * content.length)), newline, newline + 1, content.length].sort((a, b) => a - b);
      const readSize = [7, 64, 1000][round % 3]!;
      let all = '';
      for (let i = 0; i + 1 < cuts.length; i++) all += await readAll({ start: cuts[i]!, end: cuts[i + 1]! }, readSize);
      expect(all).toBe(content);
    }
  });

  it('ends the last range with the last record when it has no newline', async () => {
    const lastStart = unterminated.lastIndexOf('\n') + 1;
    for (const cut of [lastStart - 1, lastStart, lastStart + 2, unterminated.length - 1]) {
      const first = await readAll({ start: 0, end: cut }, 64, unterminatedPath);
      const second = await readAll({ start: cut, end: unterminated.length }, 64, unterminatedPath);
      expect(first + second).toBe(unterminated);
    }
    expect(await readAll(undefined, 64, unterminatedPath)).toBe(unterminated);
  });

  it('says a missing file does not exist', async () => {
    await expect(LocalFileReader.open(join(dir, 'missing.json'))).rejects.toThrow(/Input file \[.*missing\.json\] does not exist/);
  });
});
