import { createWriteStream } from 'node:fs';
import { type FileHandle, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FaultError } from '@silt/common';
import { cannotReadInput } from '../input-faults.ts';
import type { InputSplit } from '../input-split.ts';
import { resolveInputSource } from '../input-source-spec.ts';
import { splitBytes } from '../split-bytes.ts';

/** A split's bytes with random access, for formats that start reading at the end (Parquet, ORC). */
export interface RandomAccessFile {
  readonly size: number;
  /** Reads `length` bytes at `offset` into a fresh buffer of its own. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Closes the file (and deletes it when it was spooled). */
  close(): Promise<void>;
}

/**
 * Opens a split for random access. A local file that starts with `magic` is read in place; any other
 * split (HTTP, cloud objects, inline data, or a compressed local file) is first spooled, decompressed,
 * to a temporary file under the OS temp directory, which {@link RandomAccessFile.close} deletes. So
 * memory stays bounded for every source, at the price of one copy on disk for remote ones.
 *
 * @throws FaultError (CannotParseExternalData) when the split cannot be read.
 */
export async function openRandomAccess(split: InputSplit, magic: Uint8Array): Promise<RandomAccessFile> {
  if (resolveInputSource(split.inputSource).type === 'local') {
    const local = await openLocal(split.source, null);
    if (local.size >= magic.length && sameBytes(await local.read(0, magic.length), magic)) return local;
    await local.close();
  }
  return spool(split);
}

async function openLocal(file: string, onClose: (() => Promise<void>) | null): Promise<RandomAccessFile> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw cannotReadInput(`Cannot read input file [${file}]: ${(error as Error).message}`);
  }
  const { size } = await handle.stat();
  return {
    size,
    async read(offset, length) {
      const buffer = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buffer, done, length - done, offset + done);
        if (bytesRead === 0) throw cannotReadInput(`Cannot read input file [${file}]: unexpected end of file at byte ${offset + done}`);
        done += bytesRead;
      }
      return buffer;
    },
    async close() {
      await handle.close();
      await onClose?.();
    },
  };
}

async function spool(split: InputSplit): Promise<RandomAccessFile> {
  const dir = await mkdtemp(path.join(tmpdir(), 'silt-spool-'));
  const file = path.join(dir, 'split');
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await pipeline(Readable.from(splitBytes(split)), createWriteStream(file));
  } catch (error) {
    await remove();
    if (error instanceof FaultError) throw error;
    throw cannotReadInput(`Cannot read [${split.source}]: ${(error as Error).message}`);
  }
  return openLocal(file, remove);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
