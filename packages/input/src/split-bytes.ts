import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { FaultError, invalidInput } from '@silt/common';
import { compressionOf, decompress } from './compression.ts';
import { HTTP_MAX_RETRIES, httpGet, httpHeaders } from './http-client.ts';
import { FILE_READ_BYTES, fileRangeBytes } from './byte-ranges.ts';
import { cannotReadInput } from './input-faults.ts';
import type { InputSplit } from './input-split.ts';
import { type HttpInputSource, type InlineInputSource, type InputSourceSpec, resolveInputSource } from './input-source-spec.ts';
import { s3ObjectBytes } from './s3-objects.ts';
import { parseS3Uri } from './s3-location.ts';
import { sqlSplitBytes } from './sql-input.ts';
import { zipEntryBytes } from './zip-entries.ts';

/** Size of the pieces read from files and sockets. */
const PIECE_BYTES = 64 * 1024;

/**
 * The bytes of a split, streamed and decompressed: a local file, an HTTP body, an S3 object, inline
 * data, or the rows of a SQL query as JSON lines. Files, URIs and object keys ending with `.gz`,
 * `.bz2`, `.xz`, `.sz` or `.zst` are decompressed on the way (see `decompress`); `.zip` archives
 * give every entry in order (see `zipEntryBytes`), and since zip needs random access, a remote
 * archive is first downloaded to a temporary file, removed afterwards. Nothing else holds the whole
 * input in memory, except inline data, which is in the spec already.
 *
 * @throws FaultError (CannotParseExternalData) when the input cannot be read or decompressed;
 *   DruidError (invalidInput) for a `druid` split, which is read with `SegmentFile` instead.
 */
export function splitBytes(split: InputSplit): AsyncIterable<Uint8Array> {
  const spec = resolveInputSource(split.inputSource);
  switch (spec.type) {
    case 'inline':
      return inlineBytes(spec);
    case 'sql':
      return sqlSplitBytes(spec);
    case 'druid':
    case 'combining':
      throw invalidInput(
        `A split of a [${spec.type}] input source cannot be read as bytes${spec.type === 'druid' ? ': read druid segment splits with SegmentFile (see isDruidSplit)' : ''}`,
      );
    default:
      break;
  }
  const name = spec.type === 'http' ? new URL(split.source).pathname : spec.type === 's3' ? (parseS3Uri(split.source)?.key ?? split.source) : split.source;
  const format = compressionOf(name);
  if (format === 'zip') return zipBytes(split, spec);
  const raw = rawBytes(split, spec);
  return format ? decompress(raw, format, split.source) : raw;
}

/** The stored bytes of a file, HTTP or S3 split. */
function rawBytes(split: InputSplit, spec: Exclude<InputSourceSpec, { type: 'inline' | 'sql' | 'druid' | 'combining' }>): AsyncIterable<Uint8Array> {
  switch (spec.type) {
    case 'local':
      return split.byteRange ? fileRangeBytes(split.source, split.byteRange) : fileBytes(split.source);
    case 'http':
      return httpBytes(split.source, spec);
    case 's3':
      return s3ObjectBytes(spec, split.source);
  }
}

async function* zipBytes(split: InputSplit, spec: Exclude<InputSourceSpec, { type: 'inline' | 'sql' | 'druid' | 'combining' }>): AsyncIterable<Uint8Array> {
  let file = split.source;
  let temp: string | undefined;
  try {
    if (spec.type === 'local') {
      await fs.access(file).catch(() => {
        throw cannotReadInput(`Input file [${file}] does not exist`);
      });
    } else {
      temp = await fs.mkdtemp(path.join(tmpdir(), 'silt-zip-'));
      file = path.join(temp, 'input.zip');
      await pipeline(Readable.from(rawBytes(split, spec)), createWriteStream(file));
    }
    yield* zipEntryBytes(file);
  } catch (error) {
    if (error instanceof FaultError) throw error;
    throw cannotReadInput(`Cannot read zip archive [${split.source}]: ${(error as Error).message}`);
  } finally {
    if (temp) await fs.rm(temp, { recursive: true, force: true });
  }
}

async function* inlineBytes(spec: InlineInputSource): AsyncIterable<Uint8Array> {
  const bytes = new TextEncoder().encode(spec.data);
  for (let offset = 0; offset < bytes.length; offset += PIECE_BYTES) yield bytes.subarray(offset, offset + PIECE_BYTES);
}

async function* fileBytes(file: string): AsyncIterable<Uint8Array> {
  try {
    for await (const piece of createReadStream(file, { highWaterMark: FILE_READ_BYTES })) yield piece as Buffer;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw cannotReadInput(`Input file [${file}] does not exist`);
    throw cannotReadInput(`Cannot read input file [${file}]: ${(error as Error).message}`);
  }
}

/**
 * Streams an HTTP body. A connection that breaks mid-body is reopened (up to the retry limit) from the
 * byte where it broke, with a `Range` request; a server that ignores the range resends everything and
 * the bytes already delivered are skipped.
 */
async function* httpBytes(uri: string, spec: HttpInputSource): AsyncIterable<Uint8Array> {
  const headers = httpHeaders(spec);
  let response = await httpGet(uri, headers);
  let delivered = 0;
  for (let resumes = 0; ; resumes++) {
    let skip = response.status === 206 ? 0 : delivered;
    try {
      if (response.body) {
        for await (const piece of response.body) {
          if (skip >= piece.length) {
            skip -= piece.length;
            continue;
          }
          const fresh = skip > 0 ? piece.subarray(skip) : piece;
          skip = 0;
          delivered += fresh.length;
          yield fresh;
        }
      }
      return;
    } catch (error) {
      if (error instanceof FaultError) throw error;
      if (resumes >= HTTP_MAX_RETRIES) throw cannotReadInput(`Cannot read [${uri}]: connection failed after ${delivered} bytes: ${(error as Error).message}`);
    }
    await sleep(200 << resumes);
    response = await httpGet(uri, delivered > 0 ? { ...headers, range: `bytes=${delivered}-` } : headers);
  }
}
