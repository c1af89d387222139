import { type Dirent, promises as fs } from 'node:fs';
import path from 'node:path';
import { cannotReadInput } from './input-faults.ts';
import type { LocalInputSource } from './input-source-spec.ts';
import { wildcardMatcher } from './wildcard.ts';

/** A local file to read, with its size in bytes. */
export interface LocalFile {
  readonly path: string;
  readonly size: number;
}

/**
 * The files a `local` input source reads, sorted by absolute path. As in Druid:
 * - `baseDir` is searched recursively and `filter` is matched against file names only;
 * - files under `baseDir` that share a name with an entry of `files` are left out of the listing
 *   (so a file named in both places is read once);
 * - a file listed several times in `files` is read as many times;
 * - empty files are skipped.
 *
 * Relative paths resolve against the working directory.
 *
 * @throws FaultError (CannotParseExternalData) when `baseDir` or a listed file does not exist.
 */
export async function listLocalFiles(spec: LocalInputSource): Promise<LocalFile[]> {
  const found = new Map<string, number>();
  const files = spec.files ?? [];
  if (spec.baseDir) {
    const matches = wildcardMatcher(spec.filter!);
    const excludedNames = new Set(files.map((f) => path.basename(f)));
    await walk(path.resolve(spec.baseDir), (name) => matches(name) && !excludedNames.has(name), found);
  }
  const listed = new Map<string, number>();
  for (const file of files) {
    const absolute = path.resolve(file);
    const stat = await statOrNull(absolute);
    if (!stat) throw cannotReadInput(`Input file [${absolute}] does not exist`);
    if (stat.isDirectory()) throw cannotReadInput(`Input file [${absolute}] is a directory; use [baseDir] and [filter] to read a directory`);
    found.set(absolute, stat.size);
    listed.set(absolute, (listed.get(absolute) ?? 0) + 1);
  }
  return [...found]
    .filter(([, size]) => size > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([p, size]) => Array.from({ length: listed.get(p) ?? 1 }, () => ({ path: p, size })));
}

async function walk(dir: string, accept: (name: string) => boolean, found: Map<string, number>): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw cannotReadInput(`Input directory (baseDir) [${dir}] does not exist`);
    if (code === 'ENOTDIR') throw cannotReadInput(`Input directory (baseDir) [${dir}] is not a directory`);
    throw cannotReadInput(`Cannot list input directory [${dir}]: ${(error as Error).message}`);
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      await walk(full, accept, found);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && accept(entry.name)) {
      // Symbolic links count when they point at a file; linked directories are not followed (no cycles).
      const stat = await statOrNull(full);
      if (stat?.isFile()) found.set(full, stat.size);
    }
  }
}

async function statOrNull(file: string) {
  try {
    return await fs.stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw cannotReadInput(`Cannot read input file [${file}]: ${(error as Error).message}`);
  }
}
