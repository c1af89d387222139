import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type InputSplit, byteRangeSplits, listSplits, parseRecordChunk, readRecordChunks } from '../src/index.ts';

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
