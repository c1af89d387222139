import { DruidError } from '@silt/common';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDeepStorage } from '../src/index.ts';

const parts = { dataSource: 'wiki', interval: '2024-01-01T00:00:00.000Z/2024-01-02T00:00:00.000Z', version: '2024-02-03T04:05:06.789Z', partitionNum: 3 };

describe('localDeepStorage', () => {
  let root: string;
  let base: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'silt-storage-'));
    base = join(root, 'deep');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const localFile = async (name: string, content: string): Promise<string> => {
    const file = join(root, name);
    await writeFile(file, content);
    return file;
  };

  it('pushes a file into the Druid-like layout and reads it back', async () => {
    const storage = localDeepStorage(base);
    const file = await localFile('work.silt', 'segment bytes');
    const { loadSpec, size } = await storage.push(file, parts);

    const expected = join(base, 'wiki', '2024-01-01T00-00-00.000Z_2024-01-02T00-00-00.000Z', '2024-02-03T04-05-06.789Z', '3', 'index.silt');
    expect(loadSpec).toEqual({ type: 'local', path: expected });
    expect(size).toBe(13);
    expect(existsSync(file)).toBe(false);
    expect(storage.localPath(loadSpec)).toBe(expected);
    expect(await readFile(storage.localPath(loadSpec), 'utf8')).toBe('segment bytes');
    expect(await readdir(join(expected, '..'))).toEqual(['index.silt']);
  });

  it('replaces a file pushed again under the same id', async () => {
    const storage = localDeepStorage(base);
    await storage.push(await localFile('a', 'first'), parts);
    const { loadSpec, size } = await storage.push(await localFile('b', 'second!'), parts);
    expect(size).toBe(7);
    expect(await readFile(storage.localPath(loadSpec), 'utf8')).toBe('second!');
  });

  it('copies across filesystems without leaving temporary files', async (ctx) => {
    const shm = '/dev/shm';
    if (!existsSync(shm) || statSync(shm).dev === statSync(tmpdir()).dev) {
      console.log(`Skipping cross-filesystem push: ${shm} is missing or on the same filesystem as ${tmpdir()}`);
      ctx.skip();
    }
    const shmDir = await mkdtemp(join(shm, 'silt-storage-'));
    try {
      const file = join(shmDir, 'work.silt');
      await writeFile(file, 'x'.repeat(100_000));
      const storage = localDeepStorage(base);
      const { loadSpec, size } = await storage.push(file, parts);
      expect(size).toBe(100_000);
      expect(existsSync(file)).toBe(false);
      const path = storage.localPath(loadSpec);
      expect((await readFile(path, 'utf8')).length).toBe(100_000);
      expect(await readdir(join(path, '..'))).toEqual(['index.silt']);
    } finally {
      await rm(shmDir, { recursive: true, force: true });
    }
  });

  it('removes a segment and its emptied directories, keeping siblings', async () => {
    const storage = localDeepStorage(base);
    const first = await storage.push(await localFile('a', 'a'), parts);
    const second = await storage.push(await localFile('b', 'b'), { ...parts, partitionNum: 4 });

    await storage.remove(first.loadSpec);
    expect(existsSync(storage.localPath(first.loadSpec))).toBe(false);
    expect(existsSync(join(storage.localPath(first.loadSpec), '..'))).toBe(false);
    expect(await readFile(storage.localPath(second.loadSpec), 'utf8')).toBe('b');

    await storage.remove(second.loadSpec);
    expect(existsSync(base)).toBe(true);
    expect(await readdir(base)).toEqual([]);
    // Removing again is harmless.
    await storage.remove(second.loadSpec);
  });

  it('refuses loadSpecs outside the base directory or of another type', async () => {
    const storage = localDeepStorage(base);
    const outside = await localFile('precious', 'keep me');
    const refuse = (spec: Record<string, unknown>): unknown => {
      try {
        storage.localPath(spec);
        return undefined;
      } catch (e) {
        return e;
      }
    };
    expect(refuse({ type: 'local', path: outside })).toBeInstanceOf(DruidError);
    expect(refuse({ type: 'local', path: join(base, '..', 'precious') })).toBeInstanceOf(DruidError);
    expect(refuse({ type: 'local', path: base })).toBeInstanceOf(DruidError);
    expect(refuse({ type: 's3_zip', bucket: 'b', key: 'k' })).toBeInstanceOf(DruidError);
    await expect(storage.remove({ type: 'local', path: outside })).rejects.toThrow(/outside deep storage/);
    expect(await readFile(outside, 'utf8')).toBe('keep me');
  });

  it('keeps path parts from escaping the base directory', async () => {
    const storage = localDeepStorage(base);
    const { loadSpec } = await storage.push(await localFile('a', 'a'), { ...parts, dataSource: '../etc', version: 'a/b' });
    expect(storage.localPath(loadSpec).startsWith(join(base, '.._etc', parts.interval.replaceAll(':', '-').replace('/', '_'), 'a_b'))).toBe(true);
    await expect(storage.push(await localFile('b', 'b'), { ...parts, dataSource: '..' })).rejects.toThrow(/Invalid dataSource/);
    await expect(storage.push(await localFile('c', 'c'), { ...parts, partitionNum: -1 })).rejects.toThrow(/Invalid partitionNum/);
  });
});
