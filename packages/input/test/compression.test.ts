import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { FaultError } from '@silt/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressionOf, decompress, listSplits } from '../src/index.ts';
import { crc32c, maskedCrc32c } from '../src/crc32c.ts';
import { chunk, snappyFramedEncode } from './support/snappy-framed-encoder.ts';
import { readSource } from './support/read-splits.ts';
import { makeTempDir, removeTempDirs } from './temp-dirs.ts';
import { hasTool } from './support/host-tools.ts';

afterAll(removeTempDirs);

const SIGNATURE = [
  { name: 'n', type: 'LONG' },
  { name: 's', type: 'STRING' },
  { name: 'x', type: 'DOUBLE' },
] as const;

/** 5,000 JSON lines, about 300 KB: several bzip2/xz/zstd blocks' worth of pieces and many Snappy chunks. */
const TEXT = Array.from({ length: 5000 }, (_, i) => `{"n":${i},"s":"row ${i} ${'é'.repeat(i % 7)}","x":${i / 4}}\n`).join('');
const EXPECTED = Array.from({ length: 5000 }, (_, i) => [i, `row ${i} ${'é'.repeat(i % 7)}`, i / 4]);

let dir = '';
let plain = '';
beforeAll(() => {
  dir = makeTempDir();
  plain = path.join(dir, 'rows.json');
  writeFileSync(plain, TEXT);
});

/** Writes `name` in the temp dir with the output of `tool args… plain`. */
function compressWith(tool: string, args: string[], name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, execFileSync(tool, [...args, plain], { maxBuffer: 1 << 26 }));
  return file;
}

async function rowsOf(file: string) {
  return readSource({ type: 'local', files: [file] }, { type: 'json' }, [...SIGNATURE]);
}

const TOOLS = [
  { ext: 'bz2', tool: 'bzip2', args: ['-c'] },
  { ext: 'xz', tool: 'xz', args: ['-c'] },
  { ext: 'zst', tool: 'zstd', args: ['-q', '-c'] },
] as const;

describe('compression by file extension', () => {
  it('picks the format from the end of the name, case-sensitively', () => {
    expect(['a.json.gz', 'a.bz2', 's3://b/k.xz', '/x/y.zip', 'f.sz', 'f.zst', 'f.json', 'f.GZ', 'f.gz.json'].map(compressionOf)).toEqual([
      'gz',
      'bz2',
      'xz',
      'zip',
      'sz',
      'zst',
      null,
      null,
      null,
    ]);
  });

  it('reads the plain file', async () => {
    const { rows, errors } = await rowsOf(plain);
    expect(errors).toEqual([]);
    expect(rows).toEqual(EXPECTED);
  });

  it('reads .gz to the same rows', async () => {
    const file = path.join(dir, 'rows.json.gz');
    writeFileSync(file, gzipSync(TEXT));
    expect((await rowsOf(file)).rows).toEqual(EXPECTED);
  });

  for (const { ext, tool, args } of TOOLS) {
    it.skipIf(!hasTool(tool))(`reads .${ext} made by the ${tool} tool to the same rows`, async () => {
      const file = compressWith(tool, args, `rows.json.${ext}`);
      const splits = await listSplits({ type: 'local', files: [file] });
      expect(splits[0]!.size).toBe(readFileSync(file).length);
      expect(splits[0]!.size).toBeLessThan(TEXT.length / 3);
      expect((await rowsOf(file)).rows).toEqual(EXPECTED);
    });

    it.skipIf(!hasTool(tool))(`reads concatenated .${ext} streams through`, async () => {
      const one = execFileSync(tool, [...args, plain]);
      const file = path.join(dir, `twice.json.${ext}`);
      writeFileSync(file, Buffer.concat([one, one]));
      const { rows } = await rowsOf(file);
      expect(rows).toEqual([...EXPECTED, ...EXPECTED]);
    });

    it.skipIf(!hasTool(tool))(`raises CannotParseExternalData naming a corrupted .${ext} file`, async () => {
      const good = execFileSync(tool, [...args, plain]);
      const bad = Buffer.from(good);
      for (let i = 40; i < bad.length - 40; i += 97) bad[i] ^= 0x5a;
      const file = path.join(dir, `corrupt.json.${ext}`);
      writeFileSync(file, bad);
      const error = await rowsOf(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FaultError);
      expect((error as FaultError).fault.errorCode).toBe('CannotParseExternalData');
      expect((error as FaultError).fault.errorMessage).toContain(`Cannot decompress [${file}] as ${ext}`);
    });
  }
  for (const { tool } of TOOLS) if (!hasTool(tool)) console.log(`skipping ${tool} round trips: the ${tool} tool is not installed`);

  it('raises a fault naming a truncated .gz file', async () => {
    const file = path.join(dir, 'cut.json.gz');
    const gz = gzipSync(TEXT);
    writeFileSync(file, gz.subarray(0, gz.length >> 1));
    await expect(rowsOf(file)).rejects.toThrow(`Cannot decompress [${file}] as gz`);
  });
});

describe('.sz (Snappy framing format)', () => {
  it('checks CRC-32C against the standard test vector', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });

  it('reads a framed file to the same rows, compressed and stored chunks alike', async () => {
    const file = path.join(dir, 'rows.json.sz');
    const encoded = snappyFramedEncode(new TextEncoder().encode(TEXT));
    // Then padding, a skippable reserved chunk, and a stored (uncompressed) chunk.
    const tail = new TextEncoder().encode('{"n":-1,"s":"tail","x":0}\n');
    writeFileSync(file, Buffer.concat([encoded, chunk(0xfe, new Uint8Array(3)), chunk(0x80, new Uint8Array(5)), storedChunk(tail)]));
    const { rows } = await rowsOf(file);
    expect(rows).toEqual([...EXPECTED, [-1, 'tail', 0]]);
  });

  it('raises a fault naming the file on a checksum mismatch', async () => {
    const file = path.join(dir, 'badcrc.json.sz');
    const encoded = snappyFramedEncode(new TextEncoder().encode(TEXT));
    encoded[10 + 4] ^= 0xff; // first data chunk's checksum
    writeFileSync(file, encoded);
    await expect(rowsOf(file)).rejects.toThrow(new RegExp(`Cannot decompress \\[${escape(file)}\\] as sz: Snappy checksum mismatch`));
  });

  it('refuses a stream without the identifier and a reserved unskippable chunk', async () => {
    const noId = path.join(dir, 'noid.json.sz');
    writeFileSync(noId, snappyFramedEncode(new TextEncoder().encode(TEXT)).subarray(10));
    await expect(rowsOf(noId)).rejects.toThrow('does not start with the stream identifier');
    const reserved = path.join(dir, 'reserved.json.sz');
    writeFileSync(reserved, Buffer.concat([snappyFramedEncode(new TextEncoder().encode('{"n":1}\n')), chunk(0x02, new Uint8Array(1))]));
    await expect(rowsOf(reserved)).rejects.toThrow('reserved unskippable Snappy chunk type 0x2');
  });

  it('refuses a truncated stream', async () => {
    const file = path.join(dir, 'cut.json.sz');
    const encoded = snappyFramedEncode(new TextEncoder().encode(TEXT));
    writeFileSync(file, encoded.subarray(0, encoded.length - 7));
    await expect(rowsOf(file)).rejects.toThrow('truncated Snappy framed stream');
  });
});

describe('.zip', () => {
  it.skipIf(!hasTool('zip'))('reads every entry, in order, as one stream of records', async () => {
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'b.json');
    writeFileSync(a, TEXT.split('\n').slice(0, 100).join('\n') + '\n');
    writeFileSync(b, '{"n":-2,"s":"b","x":1}'); // no final newline: the next entry must not run into it
    const file = path.join(dir, 'three.zip');
    execFileSync('zip', ['-q', '-j', file, a, b, plain]);
    const { rows } = await rowsOf(file);
    expect(rows).toEqual([...EXPECTED.slice(0, 100), [-2, 'b', 1], ...EXPECTED]);
  });

  it('raises a fault naming a file that is not a zip archive', async () => {
    const file = path.join(dir, 'fake.zip');
    writeFileSync(file, 'not a zip archive at all');
    const error = await rowsOf(file).catch((e: unknown) => e);
    expect((error as FaultError).fault).toMatchObject({ errorCode: 'CannotParseExternalData' });
    expect((error as FaultError).fault.errorMessage).toContain(`Cannot read zip archive [${file}]`);
  });
});

describe('decompress', () => {
  it('streams: yields output before the input ends', async () => {
    const gz = gzipSync(TEXT);
    let fed = 0;
    async function* slowly() {
      for (let i = 0; i < gz.length; i += 1000) {
        fed = i + 1000;
        yield gz.subarray(i, i + 1000);
      }
    }
    for await (const piece of decompress(slowly(), 'gz', 'mem.gz')) {
      expect(piece.length).toBeGreaterThan(0);
      break;
    }
    expect(fed).toBeLessThan(gz.length);
  });
});

/** A stored (type 0x01) chunk holding `data`: masked CRC-32C, little-endian, then the bytes. */
function storedChunk(data: Uint8Array): Uint8Array {
  const crc = maskedCrc32c(data);
  return chunk(0x01, Buffer.concat([Uint8Array.of(crc & 0xff, (crc >>> 8) & 0xff, (crc >>> 16) & 0xff, crc >>> 24), data]));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
