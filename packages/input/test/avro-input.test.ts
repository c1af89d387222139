import { once } from 'node:events';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { RowSignature } from '@silt/common';
import avro from 'avsc';
import { compress as snappyCompress } from 'snappyjs';
import { frameToRows } from '@silt/frame';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRecordChunk } from '../src/index.ts';
import { readAll } from './read-all.ts';
import { makeTempDir, removeTempDirs } from './temp-dirs.ts';

afterAll(removeTempDirs);

const SCHEMA = {
  type: 'record',
  name: 'Event',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'name', type: ['null', 'string'] },
    { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['A', 'B'] } },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'attrs', type: { type: 'map', values: 'int' } },
    { name: 'inner', type: { type: 'record', name: 'Inner', fields: [{ name: 'x', type: 'double' }] } },
    { name: 'blob', type: 'bytes' },
  ],
} as const;

function event(i: number) {
  return { id: i, name: i % 3 === 0 ? null : `n${i}`, kind: i % 2 ? 'B' : 'A', tags: [`t${i}`, 'all'], attrs: { k: i }, inner: { x: i / 2 }, blob: Buffer.from(`b${i}`) };
}

/** Codecs avsc can write with, snappy as the Avro spec frames it (raw snappy + big-endian CRC-32). */
const CODECS = {
  null: (buf: Buffer, cb: (e: Error | null, out?: Buffer) => void) => cb(null, buf),
  deflate: (buf: Buffer, cb: (e: Error | null, out?: Buffer) => void) => avro.streams.BlockEncoder.getDefaultCodecs().deflate(buf, cb),
  snappy: (buf: Buffer, cb: (e: Error | null, out?: Buffer) => void) => {
    const checksum = Buffer.alloc(4);
    checksum.writeUInt32BE(crc32(buf));
    cb(null, Buffer.concat([Buffer.from(snappyCompress(buf)), checksum]));
  },
};

async function writeOcf(file: string, codec: keyof typeof CODECS, count: number, blockSize = 64): Promise<string> {
  const encoder = new avro.streams.BlockEncoder(avro.Type.forSchema(SCHEMA as unknown as avro.Schema), { codec, codecs: CODECS, blockSize } as never);
  const out = createWriteStream(file);
  encoder.pipe(out);
  for (let i = 1; i <= count; i++) encoder.write(event(i));
  encoder.end();
  await once(out, 'close');
  return file;
}

const SIGNATURE: RowSignature = [
  { name: 'id', type: 'LONG' },
  { name: 'name', type: 'STRING' },
  { name: 'kind', type: 'STRING' },
  { name: 'tags', type: 'STRING' },
  { name: 'k', type: 'LONG' },
  { name: 'x', type: 'DOUBLE' },
  { name: 'blob', type: 'STRING' },
];
const FLATTEN = { fields: [{ type: 'path', name: 'k', expr: '$.attrs.k' }, { type: 'path', name: 'x', expr: '$.inner.x' }] };

describe('avro_ocf input format', () => {
  for (const codec of ['null', 'deflate', 'snappy'] as const) {
    it(`reads ${codec} files in chunks of whole blocks, numbering records in the file`, async () => {
      const file = await writeOcf(path.join(makeTempDir(), `e-${codec}.avro`), codec, 40);
      const { rows, errors, chunks } = await readAll({ type: 'local', files: [file] }, { type: 'avro_ocf', flattenSpec: FLATTEN }, SIGNATURE, 200);
      expect(errors).toEqual([]);
      expect(rows).toHaveLength(40);
      expect(rows[0]).toEqual([1, 'n1', 'B', ['t1', 'all'], 1, 0.5, Buffer.from('b1').toString('base64')]);
      expect(rows[2]![1]).toBeNull();
      expect(chunks.length).toBeGreaterThan(2);
      let next = 1;
      for (const chunk of chunks) {
        expect(chunk.context).toMatchObject({ kind: 'avro_ocf', codec });
        const parsed = parseRecordChunk(chunk, { type: 'avro_ocf' }, [{ name: 'id', type: 'LONG' }]);
        expect(chunk.firstRecord).toBe(next);
        expect(frameToRows(parsed.frame)[0]).toEqual([next]);
        next += parsed.records;
      }
      expect(next).toBe(41);
    });
  }

  it('reads bytes as UTF-8 text with binaryAsString, and resolves records to a reader schema', async () => {
    const file = await writeOcf(path.join(makeTempDir(), 'e.avro'), 'deflate', 3);
    const reader = { type: 'record', name: 'Event', fields: [{ name: 'id', type: 'long' }, { name: 'blob', type: 'bytes' }, { name: 'added', type: 'string', default: 'dflt' }] };
    const signature: RowSignature = [
      { name: 'id', type: 'LONG' },
      { name: 'blob', type: 'STRING' },
      { name: 'added', type: 'STRING' },
      { name: 'name', type: 'STRING' },
    ];
    const { rows } = await readAll({ type: 'local', files: [file] }, { type: 'avro_ocf', binaryAsString: true, schema: reader }, signature);
    expect(rows).toEqual([
      [1, 'b1', 'dflt', null],
      [2, 'b2', 'dflt', null],
      [3, 'b3', 'dflt', null],
    ]);
  });

  it('makes every record of a block that cannot be decompressed a parse error', async () => {
    const file = await writeOcf(path.join(makeTempDir(), 'bad.avro'), 'deflate', 3, 1 << 20);
    const bytes = readFileSync(file);
    const sync = bytes.subarray(bytes.length - 16);
    const headerEnd = bytes.indexOf(sync) + 16;
    // The only block: count (1 byte for 3), size (1 byte for < 64), then the deflated records.
    const size = bytes[headerEnd + 1]! / 2;
    bytes.fill(0xff, headerEnd + 2, headerEnd + 2 + size);
    writeFileSync(file, bytes);
    const { rows, errors, records } = await readAll({ type: 'local', files: [file] }, { type: 'avro_ocf' }, SIGNATURE);
    expect(rows).toEqual([]);
    expect(records).toBe(3);
    expect(errors.map((e) => [e.code, e.recordNumber])).toEqual([
      ['CannotParseExternalData', 1],
      ['CannotParseExternalData', 2],
      ['CannotParseExternalData', 3],
    ]);
    expect(errors[0]!.message).toMatch(new RegExp(`^Cannot decompress Avro block \\(deflate\\): .* \\(Path: file:${file}, Record: 1\\)$`));
    expect(errors[0]!.excerpt).toBe('ff'.repeat(Math.min(size, 50)));
  });

  it('fails the read for a file that is not Avro', async () => {
    const file = path.join(makeTempDir(), 'x.avro');
    writeFileSync(file, 'not avro at all');
    await expect(readAll({ type: 'local', files: [file] }, { type: 'avro_ocf' }, SIGNATURE)).rejects.toThrow(/^Cannot read the Avro file \[.*x\.avro\]: not an Avro object container file/);
  });
});
