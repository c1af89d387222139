import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import { FaultError } from '@silt/common';
import { HTTP_MAX_RETRIES, httpGet, httpHeaders } from './http-client.ts';
import { cannotReadInput } from './input-faults.ts';
import type { InputSplit } from './input-split.ts';
import { type HttpInputSource, type InlineInputSource, resolveInputSource } from './input-source-spec.ts';

/** Size of the pieces read from files and sockets and produced by decompression. */
const PIECE_BYTES = 64 * 1024;

/**
 * The bytes of a split, streamed and decompressed: a file, an HTTP body or inline data, gunzipped
 * when the file name (or URI path) ends with `.gz` (multi-member gzip included). Nothing holds the
 * whole input in memory, except inline data, which is in the spec already.
 *
 * @throws FaultError (CannotParseExternalData) when the input cannot be read or decompressed.
 */
export function splitBytes(split: InputSplit): AsyncIterable<Uint8Array> {
  const spec = resolveInputSource(split.inputSource);
  let raw: AsyncIterable<Uint8Array>;
  let name: string;
  switch (spec.type) {
    case 'inline':
      return inlineBytes(spec);
    case 'local':
      raw = fileBytes(split.source);
      name = split.source;
      break;
    case 'http':
      raw = httpBytes(split.source, spec);
      name = new URL(split.source).pathname;
      break;
  }
  return name.endsWith('.gz') ? gunzip(raw, split.source) : raw;
}

async function* inlineBytes(spec: InlineInputSource): AsyncIterable<Uint8Array> {
  const bytes = new TextEncoder().encode(spec.data);
  for (let offset = 0; offset < bytes.length; offset += PIECE_BYTES) yield bytes.subarray(offset, offset + PIECE_BYTES);
}

async function* fileBytes(file: string): AsyncIterable<Uint8Array> {
  try {
    for await (const piece of createReadStream(file, { highWaterMark: PIECE_BYTES })) yield piece as Buffer;
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

async function* gunzip(source: AsyncIterable<Uint8Array>, name: string): AsyncIterable<Uint8Array> {
  const inflater = createGunzip({ chunkSize: PIECE_BYTES });
  pipeline(Readable.from(source), inflater, () => {
    // Errors surface through the iteration of `inflater` below.
  });
  try {
    for await (const piece of inflater) yield piece as Buffer;
  } catch (error) {
    if (error instanceof FaultError) throw error;
    throw cannotReadInput(`Cannot decompress [${name}]: ${(error as Error).message}`);
  }
}
