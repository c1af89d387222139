import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeFrame } from '@silt/frame';
import { ChunkBuffers, listSplits, readRecordChunks } from '@silt/input';
import { afterAll, describe, expect, it } from 'vitest';
import { ProcessingPool } from '../src/exec/pool.ts';
import type { ScanProcessing } from '../src/exec/pool-tasks.ts';

const NO_PROCESSING: ScanProcessing = { ops: [], broadcast: [], partialAggregate: null, partialSignature: [], maxFrameSize: Infinity, nullBytes: 'keep' };
const signature = [{ name: 'n', type: 'LONG' }] as const;

describe('chunk buffers through the pool', () => {
  const dir = mkdtempSync(join(tmpdir(), 'silt-chunk-buffers-'));
  const pool = new ProcessingPool(1);
  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('move each chunk to the thread and back, and the next chunks are read into them', async () => {
    const rows = 5000;
    const file = join(dir, 'n.json');
    writeFileSync(file, Array.from({ length: rows }, (_, n) => JSON.stringify({ n, pad: 'p'.repeat(n % 40) })).join('\n') + '\n');
    const [split] = await listSplits({ type: 'local', files: [file] });
    const buffers = new ChunkBuffers(1 << 20);
    const given = new Set<ArrayBufferLike>();
    const values: number[] = [];
    let chunks = 0;
    let readIntoGiven = 0;
    for await (const chunk of readRecordChunks(split!, { type: 'json' }, 4096, buffers)) {
      const bytes = chunk.bytes;
      if (given.has(bytes.buffer)) readIntoGiven++;
      const outcome = await pool.run({ kind: 'scanChunk', chunk, inputFormat: { type: 'json' }, signature, parseOptions: {}, processing: NO_PROCESSING, output: { type: 'frame' } });
      // Moved, not copied: the reader's view is detached, and the buffer comes back with the outcome.
      expect(bytes.byteLength).toBe(0);
      expect(outcome.spentInput).toBeInstanceOf(ArrayBuffer);
      given.add(outcome.spentInput!);
      buffers.give(outcome.spentInput!);
      const frame = decodeFrame(outcome.output!.frame!);
      const column = frame.columns[0]!;
      if (column.kind === 'numeric') values.push(...column.values);
      chunks++;
    }
    expect(chunks).toBeGreaterThan(20);
    expect(values).toEqual(Array.from({ length: rows }, (_, n) => n));
    // Past the first chunks, every chunk is read into a buffer that came back from the thread.
    expect(readIntoGiven).toBeGreaterThanOrEqual(chunks - 2);
  });
});
