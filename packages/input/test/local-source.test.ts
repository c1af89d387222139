import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { FaultError } from '@silt/common';
import { afterAll, describe, expect, it } from 'vitest';
import { listSplits, wildcardMatcher } from '../src/index.ts';
import { readAll } from './read-all.ts';
import { makeTempDir, removeTempDirs } from './temp-dirs.ts';

afterAll(removeTempDirs);

const WIKITICKER = '/work/shared/datasets/wikiticker-2015-09-12-sampled.json.gz';

/** A temp tree: { 'a/b.json': '…' } → files under a fresh directory, which is returned. */
function tree(files: Record<string, string | Uint8Array>): string {
  const root = makeTempDir();
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

describe('local input source', () => {
  it.skipIf(!existsSync(WIKITICKER))('sizes a file split by its compressed size', async () => {
    const splits = await listSplits({ type: 'local', files: [WIKITICKER] });
    expect(splits).toEqual([{ source: WIKITICKER, size: 2366222, inputSource: { type: 'local', files: [WIKITICKER] } }]);
  });

  it('matches the filter on file names, recursively under baseDir, sorted by path', async () => {
    const root = tree({
      'b.json': '{"x":1}\n',
      'a.json.gz': gzipSync('{"x":2}\n'),
      'sub/c.json': '{"x":3}\n',
      'sub/deeper/d.json': '{"x":4}\n',
      'notes.txt': 'not json',
      'sub/e.JSON': '{"x":5}\n',
    });
    const splits = await listSplits({ type: 'local', baseDir: root, filter: '*.json' });
    expect(splits.map((s) => path.relative(root, s.source))).toEqual(['b.json', 'sub/c.json', 'sub/deeper/d.json']);
    expect(splits.map((s) => s.size)).toEqual([8, 8, 8]);
    const gz = await listSplits({ type: 'local', baseDir: root, filter: '*.json*' });
    expect(gz.map((s) => path.relative(root, s.source))).toEqual(['a.json.gz', 'b.json', 'sub/c.json', 'sub/deeper/d.json']);
    const { rows } = await readAll({ type: 'local', baseDir: root, filter: '*.json*' }, { type: 'json' }, [{ name: 'x', type: 'LONG' }]);
    expect(rows).toEqual([[2], [1], [3], [4]]);
  });

  it('combines files and baseDir, reading a file named in both once', async () => {
    const root = tree({ 'a.json': '{"x":1}\n', 'b.json': '{"x":2}\n' });
    const other = tree({ 'c.json': '{"x":3}\n' });
    const splits = await listSplits({
      type: 'local',
      baseDir: root,
      filter: '*.json',
      files: [path.join(root, 'a.json'), path.join(other, 'c.json')],
    });
    expect(splits.map((s) => s.source)).toEqual([path.join(root, 'a.json'), path.join(root, 'b.json'), path.join(other, 'c.json')].sort());
  });

  it('reads a file listed twice twice', async () => {
    const root = tree({ 'a.json': '{"x":1}\n', 'b.json': '{"x":2}\n' });
    const [a, b] = [path.join(root, 'a.json'), path.join(root, 'b.json')];
    const splits = await listSplits({ type: 'local', files: [a, b, a] });
    expect(splits.map((s) => s.source)).toEqual([a, a, b]);
  });

  it('skips empty files, follows links to files, and gives no splits when nothing matches', async () => {
    const root = tree({ 'empty.json': '', 'full.json': '{}\n' });
    symlinkSync(path.join(root, 'full.json'), path.join(root, 'link.json'));
    expect((await listSplits({ type: 'local', baseDir: root, filter: '*.json' })).map((s) => path.basename(s.source))).toEqual([
      'full.json',
      'link.json',
    ]);
    expect(await listSplits({ type: 'local', files: [path.join(root, 'empty.json')] })).toEqual([]);
    expect(await listSplits({ type: 'local', baseDir: root, filter: '*.csv' })).toEqual([]);
  });

  it('resolves relative paths against the working directory', async () => {
    const root = tree({ 'r.json': '{}\n' });
    const relative = path.relative(process.cwd(), path.join(root, 'r.json'));
    expect((await listSplits({ type: 'local', files: [relative] })).map((s) => s.source)).toEqual([path.join(root, 'r.json')]);
  });

  it('raises CannotParseExternalData naming a missing file or directory', async () => {
    const root = tree({});
    const missing = path.join(root, 'nope.json');
    const error = await listSplits({ type: 'local', files: [missing] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FaultError);
    expect((error as FaultError).fault).toMatchObject({
      errorCode: 'CannotParseExternalData',
      errorMessage: `Input file [${missing}] does not exist`,
    });
    await expect(listSplits({ type: 'local', baseDir: path.join(root, 'gone'), filter: '*' })).rejects.toThrow(
      `Input directory (baseDir) [${path.join(root, 'gone')}] does not exist`,
    );
  });
});

describe('inline input source', () => {
  it('is one split holding the data', async () => {
    const inputSource = { type: 'inline', data: '{"é":1}\n{"é":2}' };
    expect(await listSplits(inputSource)).toEqual([{ source: 'inline', size: 17, inputSource }]);
    const { rows, chunks } = await readAll(inputSource, { type: 'json' }, [{ name: 'é', type: 'LONG' }]);
    expect(rows).toEqual([[1], [2]]);
    expect(chunks.map((c) => c.source)).toEqual(['inline']);
  });
});

describe('wildcardMatcher', () => {
  it('follows commons-io WildcardFileFilter: * and ?, literal otherwise, case-sensitive', () => {
    const m = wildcardMatcher('data-?.json*');
    expect(['data-1.json', 'data-2.json.gz'].map(m)).toEqual([true, true]);
    expect(['data-12.json', 'Data-1.json', 'data-1xjson', 'x/data-1.json'].map(m)).toEqual([false, false, false, false]);
    expect(wildcardMatcher('(a)+[b].txt')('(a)+[b].txt')).toBe(true);
  });
});
