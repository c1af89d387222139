import { invalidInput } from '@silt/common';
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, open, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { DeepStorage, SegmentPathParts } from './deep-storage.ts';

/** File name of a segment inside its directory. */
export const SEGMENT_FILE_NAME = 'index.silt';

/**
 * One path component from a name: `:` becomes `-` (so ISO instants stay readable), path
 * separators and NUL become `_`. Empty, `.` and `..` are refused.
 */
function safeComponent(name: string, what: string): string {
  const safe = name.replaceAll(':', '-').replace(/[/\\\0]/g, '_');
  if (safe === '' || safe === '.' || safe === '..') throw invalidInput(`Invalid ${what} [${name}] for a deep storage path`);
  return safe;
}

/** `{dataSource}/{start}_{end}/{version}/{partitionNum}`, relative to the storage's base directory. */
function segmentDir(parts: SegmentPathParts): string[] {
  if (!Number.isInteger(parts.partitionNum) || parts.partitionNum < 0) {
    throw invalidInput(`Invalid partitionNum [${parts.partitionNum}] for a deep storage path`);
  }
  return [
    safeComponent(parts.dataSource, 'dataSource'),
    safeComponent(parts.interval.replace('/', '_'), 'interval'),
    safeComponent(parts.version, 'version'),
    String(parts.partitionNum),
  ];
}

async function fsync(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Moves `from` to `to`, copying through a temporary sibling of `to` when they are on different filesystems. */
async function moveAtomically(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
  }
  const temp = join(dirname(to), `.${SEGMENT_FILE_NAME}.${randomUUID()}.tmp`);
  try {
    await copyFile(from, temp);
    await fsync(temp);
    await rename(temp, to);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  await unlink(from);
}

/**
 * Deep storage on a local (or mounted shared) directory, laid out like Druid's local deep storage:
 * `{baseDir}/{dataSource}/{intervalStart}_{intervalEnd}/{version}/{partitionNum}/index.silt`,
 * with `:` replaced by `-` in names. Its loadSpec is `{ type: 'local', path }`.
 *
 * @example
 * const storage = localDeepStorage('/var/lib/silt/segments');
 * const { loadSpec, size } = await storage.push('/tmp/work/index.silt', {
 *   dataSource: 'wiki', interval: '2024-01-01T00:00:00.000Z/2024-01-02T00:00:00.000Z', version: 'v1', partitionNum: 0,
 * });
 * const file = storage.localPath(loadSpec);
 */
export function localDeepStorage(baseDir: string): DeepStorage {
  const base = resolve(baseDir);

  const insideBase = (path: string): boolean => {
    const rel = relative(base, path);
    return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
  };

  const localPath = (loadSpec: Readonly<Record<string, unknown>>): string => {
    if (loadSpec.type !== 'local' || typeof loadSpec.path !== 'string') {
      throw invalidInput(`Unsupported loadSpec [${JSON.stringify(loadSpec)}]: expected {"type":"local","path":…}`);
    }
    const path = resolve(loadSpec.path);
    if (!insideBase(path)) throw invalidInput(`loadSpec path [${loadSpec.path}] is outside deep storage [${base}]`);
    return path;
  };

  return {
    async push(localFile, segmentPathParts) {
      const dir = join(base, ...segmentDir(segmentPathParts));
      const path = join(dir, SEGMENT_FILE_NAME);
      await mkdir(dir, { recursive: true });
      await moveAtomically(localFile, path);
      const { size } = await stat(path);
      return { loadSpec: { type: 'local', path }, size };
    },

    localPath,

    async remove(loadSpec) {
      const path = localPath(loadSpec);
      await rm(path, { force: true });
      for (let dir = dirname(path); insideBase(dir); dir = dirname(dir)) {
        try {
          await rmdir(dir);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'ENOTEMPTY' || code === 'EEXIST') return;
          if (code !== 'ENOENT') throw e;
        }
      }
    },
  };
}
