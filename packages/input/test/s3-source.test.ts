import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { FaultError } from '@silt/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globMatcher, listSplits } from '../src/index.ts';
import { readSource, readSplits } from './support/read-splits.ts';
import { type S3TestServer, startS3TestServer } from './support/s3-test-server.ts';
import { makeTempDir, removeTempDirs } from './temp-dirs.ts';

const SIGNATURE = [
  { name: 'k', type: 'STRING' },
  { name: 'n', type: 'LONG' },
] as const;

const lines = (k: string, from: number, count: number) => Array.from({ length: count }, (_, i) => `{"k":"${k}","n":${from + i}}\n`).join('');
const rows = (k: string, from: number, count: number) => Array.from({ length: count }, (_, i) => [k, from + i]);

/** Objects under `many/`: more than one ListObjectsV2 page (1,000 keys). */
const MANY = 1203;

let s3: S3TestServer;
beforeAll(async () => {
  s3 = await startS3TestServer();
  await s3.createBucket('silt-data');
  await s3.createBucket('silt-other');
  await s3.put('silt-data', 'plain/a.json', lines('a', 0, 3));
  await s3.put('silt-data', 'plain/b.json.gz', gzipSync(lines('b', 0, 500)));
  await s3.put('silt-data', 'plain/empty.json', '');
  await s3.put('silt-data', 'plain/notes.txt', 'not json');
  await s3.put('silt-data', 'plain/sub/c.json', lines('c', 7, 2));
  await s3.put('silt-other', 'x y/d.json', lines('d', 1, 1));
  for (let start = 0; start < MANY; start += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, MANY - start) }, (_, j) => s3.put('silt-data', `many/part-${String(start + j).padStart(5, '0')}.json`, lines('m', start + j, 1))),
    );
  }
}, 120_000);

afterAll(async () => {
  await s3?.close();
  removeTempDirs();
});

const source = (fields: Record<string, unknown>) => ({ type: 's3', ...s3.connection, ...fields });

describe('s3 input source', () => {
  it('reads objects named by uris, plain and gzipped, with their sizes', async () => {
    const inputSource = source({ uris: ['s3://silt-data/plain/a.json', 's3://silt-data/plain/b.json.gz'] });
    const splits = await listSplits(inputSource);
    expect(splits.map((s) => s.source)).toEqual(['s3://silt-data/plain/a.json', 's3://silt-data/plain/b.json.gz']);
    expect(splits[0]!.size).toBe(lines('a', 0, 3).length);
    expect(splits[1]!.size).toBe(gzipSync(lines('b', 0, 500)).length);
    const read = await readSource(inputSource, { type: 'json' }, [...SIGNATURE]);
    expect(read.errors).toEqual([]);
    expect(read.rows).toEqual([...rows('a', 0, 3), ...rows('b', 0, 500)]);
    expect(read.chunkBytes).toBe(lines('a', 0, 3).length + lines('b', 0, 500).length);
  });

  it('lists prefixes page by page, in key order, skipping empty objects', async () => {
    const splits = await listSplits(source({ prefixes: ['s3://silt-data/plain/', 's3://silt-data/many/'] }));
    expect(splits.slice(0, 4).map((s) => s.source)).toEqual([
      's3://silt-data/plain/a.json',
      's3://silt-data/plain/b.json.gz',
      's3://silt-data/plain/notes.txt',
      's3://silt-data/plain/sub/c.json',
    ]);
    expect(splits).toHaveLength(4 + MANY);
    expect(splits.at(-1)!.source).toBe(`s3://silt-data/many/part-${String(MANY - 1).padStart(5, '0')}.json`);
    const read = await readSource(source({ prefixes: ['s3://silt-data/many/'] }), { type: 'json' }, [...SIGNATURE]);
    expect(read.rows).toEqual(rows('m', 0, MANY));
  }, 60_000);

  it('filters uris, prefixes and objects with objectGlob on the object key', async () => {
    const byPrefix = await listSplits(source({ prefixes: ['s3://silt-data/plain'], objectGlob: '**.json' }));
    expect(byPrefix.map((s) => s.source)).toEqual(['s3://silt-data/plain/a.json', 's3://silt-data/plain/sub/c.json']);
    const topLevelOnly = await listSplits(source({ prefixes: ['s3://silt-data/plain'], objectGlob: 'plain/*.{json,json.gz}' }));
    expect(topLevelOnly.map((s) => s.source)).toEqual(['s3://silt-data/plain/a.json', 's3://silt-data/plain/b.json.gz']);
    const byUri = await listSplits(source({ uris: ['s3://silt-data/plain/a.json', 's3://silt-data/plain/notes.txt'], objectGlob: '**.txt' }));
    expect(byUri.map((s) => s.source)).toEqual(['s3://silt-data/plain/notes.txt']);
  });

  it('reads objects given as {bucket, path}, across buckets, keys with spaces included', async () => {
    const inputSource = source({
      objects: [
        { bucket: 'silt-other', path: 'x y/d.json' },
        { bucket: 'silt-data', path: 'plain/sub/c.json' },
      ],
    });
    expect((await listSplits(inputSource)).map((s) => s.source)).toEqual(['s3://silt-other/x y/d.json', 's3://silt-data/plain/sub/c.json']);
    expect((await readSource(inputSource, { type: 'json' }, [...SIGNATURE])).rows).toEqual([...rows('d', 1, 1), ...rows('c', 7, 2)]);
  });

  const tools = ['zip', 'bzip2'].every((tool) => {
    try {
      execFileSync('which', [tool], { stdio: 'ignore' });
      return true;
    } catch {
      console.log(`skipping the S3 zip/bz2 test: the ${tool} tool is not installed`);
      return false;
    }
  });
  it.skipIf(!tools)('decompresses by object key, downloading a zip archive to a temporary file first', async () => {
    const dir = makeTempDir();
    writeFileSync(path.join(dir, 'e.json'), lines('e', 0, 40));
    writeFileSync(path.join(dir, 'f.json'), lines('f', 0, 2));
    execFileSync('zip', ['-q', '-j', path.join(dir, 'ef.zip'), path.join(dir, 'e.json'), path.join(dir, 'f.json')]);
    await s3.put('silt-data', 'archives/ef.zip', readFileSync(path.join(dir, 'ef.zip')));
    await s3.put('silt-data', 'archives/e.json.bz2', execFileSync('bzip2', ['-c', path.join(dir, 'e.json')]));
    const inputSource = source({ prefixes: ['s3://silt-data/archives/'] });
    expect((await listSplits(inputSource)).map((s) => s.source)).toEqual(['s3://silt-data/archives/e.json.bz2', 's3://silt-data/archives/ef.zip']);
    const { rows: read } = await readSource(inputSource, { type: 'json' }, [...SIGNATURE]);
    expect(read).toEqual([...rows('e', 0, 40), ...rows('e', 0, 40), ...rows('f', 0, 2)]);
  });

  it('takes the keys from password providers', async () => {
    process.env.SILT_TEST_S3_SECRET = 'S3RVER';
    const inputSource = source({
      uris: ['s3://silt-data/plain/a.json'],
      properties: { accessKeyId: { type: 'default', password: 'S3RVER' }, secretAccessKey: { type: 'environment', variable: 'SILT_TEST_S3_SECRET' } },
    });
    expect((await readSource(inputSource, { type: 'json' }, [...SIGNATURE])).rows).toEqual(rows('a', 0, 3));
  });

  it('raises CannotParseExternalData naming a missing object', async () => {
    const error = await listSplits(source({ uris: ['s3://silt-data/plain/nope.json'] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FaultError);
    expect((error as FaultError).fault).toMatchObject({
      errorCode: 'CannotParseExternalData',
      errorMessage: 'S3 object [s3://silt-data/plain/nope.json] does not exist',
    });
    // An object removed between listing and reading fails the read the same way.
    const gone = { source: 's3://silt-data/plain/gone.json', size: 10, inputSource: source({ uris: ['s3://silt-data/plain/gone.json'] }) };
    await expect(readSplits([gone], { type: 'json' }, [...SIGNATURE])).rejects.toThrow('S3 object [s3://silt-data/plain/gone.json] does not exist');
  });

  it('raises a clear fault for a missing bucket and for refused credentials', async () => {
    await expect(listSplits(source({ prefixes: ['s3://no-such-bucket/x/'] }))).rejects.toThrow('S3 bucket of [s3://no-such-bucket/x/] does not exist');
    const wrong = { accessKeyId: 'WRONG', secretAccessKey: 'WRONG' };
    const byUri = await listSplits(source({ uris: ['s3://silt-data/plain/a.json'], properties: wrong })).catch((e: unknown) => e);
    expect(byUri).toBeInstanceOf(FaultError);
    expect((byUri as FaultError).fault.errorMessage).toBe(
      'Access denied reading [s3://silt-data/plain/a.json] (HTTP 403): check the S3 credentials (inputSource properties.accessKeyId and secretAccessKey) and their permissions',
    );
    await expect(listSplits(source({ prefixes: ['s3://silt-data/plain/'], properties: wrong }))).rejects.toThrow(
      'Access denied reading [s3://silt-data/plain/] (InvalidAccessKeyId, HTTP 403): check the S3 credentials',
    );
  });
});

describe('globMatcher (Java glob syntax, as objectGlob)', () => {
  it('keeps * within a segment and lets ** cross segments', () => {
    expect(['a.json', 'dir/a.json'].map(globMatcher('*.json'))).toEqual([true, false]);
    expect(['a.json', 'dir/a.json', 'dir/sub/a.json'].map(globMatcher('**.json'))).toEqual([true, true, true]);
    expect(['dir/a.json', 'dir/sub/a.json'].map(globMatcher('dir/*.json'))).toEqual([true, false]);
  });

  it('supports ?, classes, negated classes, groups and escapes', () => {
    expect(['a1.csv', 'ab.csv', 'a/.csv'].map(globMatcher('a?.csv'))).toEqual([true, true, false]);
    expect(['x1', 'x5', 'xa'].map(globMatcher('x[0-3]'))).toEqual([true, false, false]);
    expect(['x1', 'x5', 'x/'].map(globMatcher('x[!0-3]'))).toEqual([false, true, false]);
    expect(['a.json', 'a.csv', 'a.tsv'].map(globMatcher('a.{json,csv}'))).toEqual([true, true, false]);
    expect(['a*b', 'axb'].map(globMatcher('a\\*b'))).toEqual([true, false]);
  });

  it('refuses a malformed glob', () => {
    expect(() => globMatcher('a{b,c')).toThrow("Invalid objectGlob [a{b,c]: missing '}'");
    expect(() => globMatcher('[ab')).toThrow("missing ']'");
  });
});
