import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import type { RowSignature } from '@silt/common';
import protobuf from 'protobufjs';
import { compress as snappyCompress } from 'snappyjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decompressOrc } from '../src/formats/orc/orc-compression.ts';
import { readBooleans, readByteRle, readIntRleV1, readIntRleV2 } from '../src/formats/orc/orc-rle.ts';
import { writeOrcFile } from '../bench/orc-writer.ts';
import { readAll } from './read-all.ts';
import { makeTempDir, removeTempDirs } from './temp-dirs.ts';

afterAll(removeTempDirs);

const DIR = '/work/shared/datasets/druid-batch-index';

function absent(file: string): boolean {
  if (existsSync(file)) return false;
  console.log(`skipping: ${file} is absent`);
  return true;
}

describe('ORC run-length encodings (the specification examples)', () => {
  it('decodes integer RLE v2: short repeat, direct, patched base and delta', () => {
    expect(readIntRleV2(Uint8Array.of(0x0a, 0x27, 0x10), 5, false)).toEqual([10000, 10000, 10000, 10000, 10000]);
    expect(readIntRleV2(Uint8Array.of(0x5e, 0x03, 0x5c, 0xa1, 0xab, 0x1e, 0xde, 0xad, 0xbe, 0xef), 4, false)).toEqual([23713, 43806, 57005, 48879]);
    const patched = [0x8e, 0x13, 0x2b, 0x21, 0x07, 0xd0, 0x1e, 0x00, 0x14, 0x70, 0x28, 0x32, 0x3c, 0x46, 0x50, 0x5a, 0x64, 0x6e, 0x78, 0x82, 0x8c, 0x96, 0xa0, 0xaa, 0xb4, 0xbe, 0xfc, 0xe8];
    expect(readIntRleV2(Uint8Array.from(patched), 20, false)).toEqual([
      2030, 2000, 2020, 1000000, 2040, 2050, 2060, 2070, 2080, 2090, 2100, 2110, 2120, 2130, 2140, 2150, 2160, 2170, 2180, 2190,
    ]);
    expect(readIntRleV2(Uint8Array.of(0xc6, 0x09, 0x02, 0x02, 0x22, 0x42, 0x42, 0x46), 10, false)).toEqual([2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
  });

  it('decodes signed values zig-zag, fixed deltas, and runs that follow each other', () => {
    // SHORT_REPEAT of zig-zag 5 (= -3) three times, then DELTA with base -1 (zig-zag 1), fixed delta -2 (zig-zag 3), 4 values.
    expect(readIntRleV2(Uint8Array.of(0x00, 0x05, 0xc0, 0x03, 0x01, 0x03), 7, true)).toEqual([-3, -3, -3, -1, -3, -5, -7]);
  });

  it('decodes integer RLE v1 runs and literals, byte RLE and booleans', () => {
    expect(readIntRleV1(Uint8Array.of(0x61, 0x00, 0x64), 100, false)).toEqual(new Array(100).fill(100));
    expect(readIntRleV1(Uint8Array.of(0x61, 0xff, 0x64), 100, false)).toEqual(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(readIntRleV1(Uint8Array.of(0xfb, 0x02, 0x03, 0x06, 0x07, 0x0b), 5, false)).toEqual([2, 3, 6, 7, 11]);
    expect(readIntRleV1(Uint8Array.of(0xfe, 0x03, 0x04), 2, true)).toEqual([-2, 2]);
    expect(Array.from(readByteRle(Uint8Array.of(0x61, 0x00), 100))).toEqual(new Array(100).fill(0));
    expect(Array.from(readByteRle(Uint8Array.of(0xfe, 0x44, 0x45), 2))).toEqual([0x44, 0x45]);
    expect(Array.from(readBooleans(Uint8Array.of(0xff, 0x80), 8))).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('ORC compression chunks', () => {
  const header = (length: number, original: boolean) => [(length << 1) | (original ? 1 : 0), (length >> 7) & 0xff, length >> 15];
  it('inflates zlib and snappy chunks and copies original ones', () => {
    const text = new TextEncoder().encode('hello hello hello hello');
    for (const [kind, compress] of [
      ['ZLIB', (b: Uint8Array) => deflateRawSync(b)],
      ['SNAPPY', (b: Uint8Array) => snappyCompress(b)],
    ] as const) {
      const packed = compress(text);
      const bytes = Uint8Array.from([...header(packed.length, false), ...packed, ...header(3, true), 0x21, 0x21, 0x21]);
      expect(new TextDecoder().decode(decompressOrc(bytes, kind))).toBe('hello hello hello hello!!!');
    }
    expect(decompressOrc(text, 'NONE')).toBe(text);
    expect(() => decompressOrc(Uint8Array.from([...header(1, false), 0]), 'LZO')).toThrow(/ORC compression \[LZO\] is not supported/);
  });
});

/**
 * Writes a one-stripe, uncompressed ORC file with RLE v1 (DIRECT) streams, built by hand from the
 * specification, for struct<tags:list<string>, m:map<string,int>, b:boolean, d:double, dt:date,
 * dec:decimal, s:string> and three rows (see the test).
 */
function handWrittenOrc(file: string): void {
  const u = (id: number) => ({ type: 'uint64', id });
  const root = protobuf.Root.fromJSON({
    nested: {
      PostScript: { fields: { footerLength: u(1), compression: { type: 'uint32', id: 2 }, compressionBlockSize: u(3), magic: { type: 'string', id: 8000 } } },
      Footer: { fields: { stripes: { rule: 'repeated', type: 'StripeInformation', id: 3 }, types: { rule: 'repeated', type: 'Type', id: 4 }, numberOfRows: u(6) } },
      StripeInformation: { fields: { offset: u(1), indexLength: u(2), dataLength: u(3), footerLength: u(4), numberOfRows: u(5) } },
      Type: { fields: { kind: { type: 'uint32', id: 1 }, subtypes: { rule: 'repeated', type: 'uint32', id: 2 }, fieldNames: { rule: 'repeated', type: 'string', id: 3 }, precision: { type: 'uint32', id: 5 }, scale: { type: 'uint32', id: 6 } } },
      StripeFooter: { fields: { streams: { rule: 'repeated', type: 'Stream', id: 1 }, columns: { rule: 'repeated', type: 'ColumnEncoding', id: 2 }, writerTimezone: { type: 'string', id: 3 } } },
      Stream: { fields: { kind: { type: 'uint32', id: 1 }, column: { type: 'uint32', id: 2 }, length: u(3) } },
      ColumnEncoding: { fields: { kind: { type: 'uint32', id: 1 } } },
    },
  });
  const encode = (name: string, value: object) => root.lookupType(name).encode(root.lookupType(name).fromObject(value)).finish();
  const [PRESENT, DATA, LENGTH, SECONDARY] = [0, 1, 2, 5];
  const doubles = new Uint8Array(24);
  [1.5, -2, 0].forEach((d, i) => new DataView(doubles.buffer).setFloat64(i * 8, d, true));
  const streams: [number, number, ArrayLike<number>][] = [
    [1, PRESENT, [0xff, 0xc0]], // tags: present, present, null
    [1, LENGTH, [0xfe, 2, 0]],
    [2, DATA, [...new TextEncoder().encode('ab')]],
    [2, LENGTH, [0xfe, 1, 1]],
    [3, LENGTH, [0xfd, 1, 0, 2]],
    [4, DATA, [...new TextEncoder().encode('xyz')]],
    [4, LENGTH, [0xfd, 1, 1, 1]],
    [5, DATA, [0xfd, 2, 4, 6]], // 1, 2, 3 zig-zag
    [6, PRESENT, [0xff, 0xc0]],
    [6, DATA, [0xff, 0x80]], // true, false
    [7, DATA, doubles],
    [8, DATA, [0xfd, 2, 0, 1]], // days 1, 0, -1
    [9, DATA, [0xa4, 0x13, 0x09, 0x00]], // unscaled 1234, -5, 0 (zig-zag varints)
    [9, SECONDARY, [0xfd, 4, 2, 0]], // scales 2, 1, 0
    [10, PRESENT, [0xff, 0x60]], // null, present, present
    [10, DATA, [...new TextEncoder().encode('zw')]],
    [10, LENGTH, [0xfe, 1, 1]],
  ];
  const data = Uint8Array.from(streams.flatMap(([, , bytes]) => [...Array.from(bytes)]));
  const stripeFooter = encode('StripeFooter', { streams: streams.map(([column, kind, bytes]) => ({ column, kind, length: bytes.length })), columns: new Array(11).fill({ kind: 0 }), writerTimezone: 'UTC' });
  // Kinds: STRUCT 12, LIST 10, STRING 7, MAP 11, INT 3, BOOLEAN 0, DOUBLE 6, DATE 15, DECIMAL 14.
  const types = [
    { kind: 12, subtypes: [1, 3, 6, 7, 8, 9, 10], fieldNames: ['tags', 'm', 'b', 'd', 'dt', 'dec', 's'] },
    { kind: 10, subtypes: [2] },
    { kind: 7 },
    { kind: 11, subtypes: [4, 5] },
    { kind: 7 },
    { kind: 3 },
    { kind: 0 },
    { kind: 6 },
    { kind: 15 },
    { kind: 14, precision: 10, scale: 2 },
    { kind: 7 },
  ];
  const footer = encode('Footer', { stripes: [{ offset: 3, indexLength: 0, dataLength: data.length, footerLength: stripeFooter.length, numberOfRows: 3 }], types, numberOfRows: 3 });
  const postScript = encode('PostScript', { footerLength: footer.length, compression: 0, compressionBlockSize: 262144, magic: 'ORC' });
  writeFileSync(file, Uint8Array.from([...new TextEncoder().encode('ORC'), ...data, ...stripeFooter, ...footer, ...postScript, postScript.length]));
}

describe("the format benchmark's ORC writer", () => {
  it('writes files the reader reads back value for value: nulls, negative longs, several stripes and RLE runs', async () => {
    const file = path.join(makeTempDir(), 'bench.orc');
    const rows = Array.from({ length: 700 }, (_, i) => [i % 7 === 0 ? null : `s${i}é`, i % 5 === 0 ? null : (i - 350) * 1_000_003]);
    writeOrcFile(file, [{ name: 's', type: 'STRING' }, { name: 'n', type: 'LONG' }], rows, 300);
    const { rows: read, errors } = await readAll({ type: 'local', files: [file] }, { type: 'orc' }, [{ name: 's', type: 'STRING' }, { name: 'n', type: 'LONG' }]);
    expect(errors).toEqual([]);
    expect(read).toEqual(rows);
  });
});

describe('ORC nested and typed columns', () => {
  it('reads lists, maps, booleans, doubles, dates, decimals and nulls', async () => {
    const file = path.join(makeTempDir(), 'typed.orc');
    handWrittenOrc(file);
    const signature: RowSignature = [
      { name: 'tags', type: 'STRING' },
      { name: 'm', type: 'COMPLEX<json>' },
      { name: 'b', type: 'STRING' },
      { name: 'd', type: 'DOUBLE' },
      { name: 'dt', type: 'LONG' },
      { name: 'dec', type: 'DOUBLE' },
      { name: 's', type: 'STRING' },
      { name: 'y', type: 'LONG' },
    ];
    const format = { type: 'orc', flattenSpec: { fields: [{ type: 'path', name: 'y', expr: '$.m.y' }] } };
    const { rows, errors } = await readAll({ type: 'local', files: [file] }, format, signature);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      [['a', 'b'], { x: 1 }, 'true', 1.5, 86_400_000, 12.34, null, null],
      [null, {}, 'false', -2, 0, -0.5, 'z', null],
      [null, { y: 2, z: 3 }, null, 0, -86_400_000, 0, 'w', 2],
    ]);
  });
});

const SIGNATURE: RowSignature = [
  { name: 'timestamp', type: 'LONG' },
  { name: 'page', type: 'STRING' },
  { name: 'added', type: 'LONG' },
  { name: 'loc', type: 'STRING' },
];

describe.skipIf(absent(`${DIR}/orc/wikipedia_index_data1.orc`))('ORC and Parquet files from any source', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const file = path.join(DIR, decodeURIComponent(req.url ?? ''));
      if (!file.startsWith(DIR) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      const body = readFileSync(file);
      res.writeHead(200, { 'content-length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  for (const [format, file] of [
    ['orc', 'orc/wikipedia_index_data1.orc'],
    ['parquet', 'parquet/wikipedia_index_data1.parquet'],
  ] as const) {
    it(`reads ${format} over HTTP (spooled to a temporary file) with a path flattenSpec`, async () => {
      const inputFormat = { type: format, flattenSpec: { fields: [{ type: 'path', name: 'loc', expr: '$.city' }] } };
      const { rows, errors } = await readAll({ type: 'http', uris: [`${base}/${file}`] }, inputFormat, SIGNATURE);
      expect(errors).toEqual([]);
      const expectedTime = format === 'orc' ? Date.parse('2013-08-31T01:02:33Z') : null; // Parquet holds the time as text
      expect(rows[0]).toEqual([expectedTime, 'Gypsy Danger', 57, 'San Francisco']);
      expect(rows.map((r) => r[1])).toEqual(['Gypsy Danger', 'Striker Eureka', 'Cherno Alpha']);
    });
  }

  it('fails the read with a clear fault for a truncated ORC file', async () => {
    const file = path.join(makeTempDir(), 'cut.orc');
    writeFileSync(file, readFileSync(`${DIR}/orc/wikipedia_index_data1.orc`).subarray(0, 500));
    await expect(readAll({ type: 'local', files: [file] }, { type: 'orc' }, SIGNATURE)).rejects.toThrow(/^Cannot read the ORC file \[.*cut\.orc\]: /);
  });

  it('fails the read with a clear fault for a file that is not Parquet', async () => {
    const file = path.join(makeTempDir(), 'x.parquet');
    writeFileSync(file, 'PAR1 but not really');
    await expect(readAll({ type: 'local', files: [file] }, { type: 'parquet' }, SIGNATURE)).rejects.toThrow(/is not a Parquet file: no valid footer at its end/);
  });
});
