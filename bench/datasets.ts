/**
 * The benchmark's input files, generated once into the data directory and reused by later runs:
 * `wiki-<rows>.json` (NDJSON from ../shared/bench/gen-wiki.mjs, seed 42), its gzip copy, and
 * `wiki-<rows>x5.json` (the same rows five times, one day apart) for the linear-scaling case.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';

/** The shared generator of wikipedia-shaped rows, beside this repository. */
export const GENERATOR = fileURLToPath(new URL('../../shared/bench/gen-wiki.mjs', import.meta.url));

/** Paths of the input files of one run (only those the run needs are generated). */
export interface Datasets {
  readonly plain: string;
  readonly gz: string;
  readonly fiveCopies: string;
}

/** File names for `rows` rows under `dataDir`. */
export function datasetPaths(dataDir: string, rows: number): Datasets {
  const plain = join(dataDir, `wiki-${rows}.json`);
  return { plain, gz: `${plain}.gz`, fiveCopies: join(dataDir, `wiki-${rows}x5.json`) };
}

function generate(out: string, rows: number, copies: number): Promise<void> {
  if (!existsSync(GENERATOR)) throw new Error(`data generator not found at ${GENERATOR} (../shared/bench/ must be beside the repository)`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [GENERATOR, out, String(rows), String(copies), '42'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`gen-wiki.mjs exited with code ${code}: ${stderr}`))));
  });
}

/** Writes `path` through a temporary name so an interrupted run never leaves a partial file behind. */
async function writeAtomically(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${path}.partial`;
  await rm(tmp, { force: true });
  await write(tmp);
  await rename(tmp, path);
}

/**
 * Makes sure the files a run needs exist: the plain file always, the gzip copy when `gz`, the
 * five-copy file when `fiveCopies`. `log` receives one line per file generated.
 */
export async function ensureDatasets(
  dataDir: string,
  rows: number,
  needs: { readonly gz: boolean; readonly fiveCopies: boolean },
  log: (line: string) => void,
): Promise<Datasets> {
  await mkdir(dataDir, { recursive: true });
  const paths = datasetPaths(dataDir, rows);
  if (!existsSync(paths.plain)) {
    log(`generating ${paths.plain} (${rows} rows)`);
    await writeAtomically(paths.plain, (tmp) => generate(tmp, rows, 1));
  }
  if (needs.gz && !existsSync(paths.gz)) {
    log(`compressing ${paths.gz}`);
    await writeAtomically(paths.gz, (tmp) => pipeline(createReadStream(paths.plain), createGzip(), createWriteStream(tmp)));
  }
  if (needs.fiveCopies && !existsSync(paths.fiveCopies)) {
    log(`generating ${paths.fiveCopies} (${rows * 5} rows)`);
    await writeAtomically(paths.fiveCopies, (tmp) => generate(tmp, rows, 5));
  }
  return paths;
}
