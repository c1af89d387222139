import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ChunkBuffers, type InputSplit, type RecordChunk, listSplits, ownsBuffer, readRecordChunks } from '../src/index.ts';
import { makeTempDir, removeTempDirs } from './temp-dirs.ts';

afterAll(removeTempDirs);

function tempFile(name: string, content: string | Uint8Array): string {
  const file = path.join(makeTempDir(), name);
  writeFileSync(file, content);
  return file;
}

async function chunksOf(split: InputSplit, targetBytes?: number, inputFormat: Record<string, unknown> = { type: 'json' }): Promise<RecordChunk[]> {
  const chunks: RecordChunk[] = [];
  for await (const chunk of readRecordChunks(split, inputFormat, targetBytes)) chunks.push(chunk);
  return chunks;
}

const text = (chunk: RecordChunk) => new TextDecoder().decode(chunk.bytes);

describe('readRecordChunks', () => {
  it('cuts at the first record end at or after targetBytes and numbers records', async () => {
    const [split] = await listSplits({ type: 'inline', data: 'aaaa\nbb\ncccccc\nd\ne' });
    const chunks = await chunksOf(split!, 6);
    expect(chunks.map(text)).toEqual(['aaaa\nbb\n', 'cccccc\n', 'd\ne']);
    expect(chunks.map((c) => c.firstRecord)).toEqual([1, 3, 4]);
    expect(chunks.every((c) => c.source === 'inline' && c.columns === undefined)).toBe(true);
  });

  it('keeps a record longer than targetBytes whole', async () => {
    const long = 'x'.repeat(200_000);
    const file = tempFile('long.json', `1\n${long}\n2\n`);
    const chunks = await chunksOf((await listSplits({ type: 'local', files: [file] }))[0]!, 10);
    expect(chunks.map((c) => c.bytes.length)).toEqual([200_003, 2]);
    expect(text(chunks[0]!) === `1\n${long}\n`).toBe(true);
    expect(chunks.map((c) => c.firstRecord)).toEqual([1, 3]);
  });

  it('gives each chunk its own buffer, so it can be transferred to a worker', async () => {
    const file = tempFile('own.json', '{"a":1}\n'.repeat(10_000));
    const chunks = await chunksOf((await listSplits({ type: 'local', files: [file] }))[0]!, 1000);
    expect(chunks.length).toBeGreaterThan(50);
    for (const chunk of chunks) expect(ownsBuffer(chunk.bytes)).toBe(true);
    expect(new Set(chunks.map((c) => c.bytes.buffer)).size).toBe(chunks.length);
    expect(chunks.reduce((n, c) => n + c.bytes.length, 0)).toBe(80_000);
    // A view into someone else's buffer is not theirs to move.
    expect(ownsBuffer(chunks[0]!.bytes.subarray(1))).toBe(false);
    expect(ownsBuffer(new Uint8Array(new ArrayBuffer(16), 0, 8))).toBe(false);
  });

  it('keeps at most four handed-back buffers, none larger than its limit', () => {
    const buffers = new ChunkBuffers(1000);
    const kept = Array.from({ length: 5 }, () => new ArrayBuffer(500));
    for (const buffer of kept) buffers.give(buffer);
    buffers.give(new ArrayBuffer(2000));
    const taken = Array.from({ length: 5 }, () => buffers.take(400).buffer);
    // The first four come back; the fifth and the oversized one were not kept.
    expect(taken.slice(0, 4).every((b, i) => b === kept[i])).toBe(true);
    expect(kept.includes(taken[4] as ArrayBuffer)).toBe(false);
    expect(buffers.take(100).byteLength).toBe(100);
  });

  it('reads into buffers handed back, and every chunk still holds its own records', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ n: i, pad: 'y'.repeat(i % 37) }));
    const file = tempFile('recycled.json', lines.join('\n') + '\n');
    const buffers = new ChunkBuffers(1 << 20);
    const seen = new Set<ArrayBufferLike>();
    let next = 1;
    const texts: string[] = [];
    for await (const chunk of readRecordChunks((await listSplits({ type: 'local', files: [file] }))[0]!, { type: 'json' }, 8192, buffers)) {
      expect(chunk.firstRecord).toBe(next);
      const chunkText = text(chunk);
      next += chunkText.split('\n').length - 1;
      texts.push(chunkText);
      seen.add(chunk.bytes.buffer);
      // Parsed: the buffer goes back, and the reader overwrites it with a later chunk.
      buffers.give(chunk.bytes.buffer as ArrayBuffer);
    }
    expect(texts.join('')).toBe(lines.join('\n') + '\n');
    expect(texts.length).toBeGreaterThan(50);
    expect(seen.size).toBeLessThanOrEqual(3);
  });

  it('reads a small input into a buffer of about its size, not of a whole chunk', async () => {
    const data = '{"a":1}\n{"a":2}\n';
    const file = tempFile('small.json', data);
    const splits = [(await listSplits({ type: 'inline', data }))[0]!, (await listSplits({ type: 'local', files: [file] }))[0]!];
    for (const split of splits) {
      const chunks = await chunksOf(split, 4 << 20);
      expect(chunks.map(text)).toEqual([data]);
      expect(chunks[0]!.bytes.buffer.byteLength).toBeLessThanOrEqual(data.length + 4096 + 1);
      // A size that says less than the input holds only makes the buffer grow.
      expect((await chunksOf({ ...split, size: 3 }, 4 << 20)).map(text)).toEqual([data]);
      const many = Array.from({ length: 2000 }, (_, i) => `{"a":${i}}\n`).join('');
      const [manySplit] = split.source === 'inline' ? await listSplits({ type: 'inline', data: many }) : await listSplits({ type: 'local', files: [tempFile('many.json', many)] });
      expect((await chunksOf({ ...manySplit!, size: 10 }, 1000)).map(text).join('')).toBe(many);
    }
    // A compressed file's size says nothing of what it holds: a whole chunk's buffer, then.
    const gz = tempFile('small.json.gz', gzipSync(data));
    const [compressed] = await chunksOf((await listSplits({ type: 'local', files: [gz] }))[0]!, 1 << 20);
    expect(text(compressed!)).toBe(data);
    expect(compressed!.bytes.buffer.byteLength).toBeGreaterThan(1 << 20);
  });

  it('drops a UTF-8 byte-order mark at the start of a file only', async () => {
    const file = tempFile('bom.json', '\ufeff{"a":1}\n\ufeff\n');
    const chunks = await chunksOf((await listSplits({ type: 'local', files: [file] }))[0]!);
    expect(text(chunks[0]!)).toBe('{"a":1}\n\ufeff\n');
  });

  it('reads every member of a multi-member gzip file', async () => {
    const file = tempFile('multi.json.gz', Buffer.concat([gzipSync('{"a":1}\n{"a":2}\n'), gzipSync('{"a":3}\n')]));
    const chunks = await chunksOf((await listSplits({ type: 'local', files: [file] }))[0]!);
    expect(chunks.map(text).join('')).toBe('{"a":1}\n{"a":2}\n{"a":3}\n');
  });

  it('lets the consumer stop early', async () => {
    const file = tempFile('big.json.gz', gzipSync('{"a":1}\n'.repeat(200_000)));
    const [split] = await listSplits({ type: 'local', files: [file] });
    let seen = 0;
    for await (const chunk of readRecordChunks(split!, { type: 'json' }, 4096)) {
      expect(chunk.firstRecord).toBe(1);
      seen++;
      break;
    }
    expect(seen).toBe(1);
  });

  it('passes header columns with every chunk of a csv file', async () => {
    const [split] = await listSplits({ type: 'inline', data: 'x,y\n1,2\n3,4\n5,6\n' });
    const chunks = await chunksOf(split!, 4, { type: 'csv', findColumnsFromHeader: true });
    expect(chunks.map((c) => [text(c), c.firstRecord, c.columns])).toEqual([
      ['1,2\n', 2, ['x', 'y']],
      ['3,4\n', 3, ['x', 'y']],
      ['5,6\n', 4, ['x', 'y']],
    ]);
  });
});
