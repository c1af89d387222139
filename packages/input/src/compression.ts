import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { FaultError } from '@silt/common';
import { Decompress as ZstdDecompress } from 'fzstd';
import unbzip2Stream from 'unbzip2-stream';
import xzDecompress from 'xz-decompress';
import { cannotReadInput } from './input-faults.ts';
import { snappyFramedDecode } from './snappy-framed.ts';

/** A compression format Druid batch ingestion reads, named by its file extension. */
export type CompressionFormat = 'gz' | 'bz2' | 'xz' | 'zip' | 'sz' | 'zst';

/**
 * Size of the pieces gzip decompression produces (zlib's output chunk). Each piece costs a trip
 * through the stream and the async iterators above it: reading the 424 MB benchmark file as chunks
 * took 1.2–1.4 s of wall time with 64 KiB pieces and 0.6 s with 1 MiB pieces.
 */
const PIECE_BYTES = 1 << 20;

const EXTENSIONS: readonly CompressionFormat[] = ['gz', 'bz2', 'xz', 'zip', 'sz', 'zst'];

/**
 * The compression of a file, from the end of its name (file path, URI path or object key), as Druid
 * picks it: `.gz`, `.bz2`, `.xz`, `.zip`, `.sz` (Snappy framing format) or `.zst`; case-sensitive.
 * Null when the name has none of these extensions (the bytes are read as they are).
 *
 * @example
 * compressionOf('s3://bucket/2015/wikiticker.json.bz2'); // 'bz2'
 */
export function compressionOf(name: string): CompressionFormat | null {
  return EXTENSIONS.find((ext) => name.endsWith(`.${ext}`)) ?? null;
}

/**
 * Decompresses a byte stream, streamed: never more than a block of the format is held in memory
 * (bzip2 blocks are up to 900 kB; xz and zstd windows are set by the file). Concatenated streams
 * (multi-member gzip, bzip2 and Snappy streams, zstd frames) are read through. `zip` is not a stream
 * format: read it with `zipEntryBytes`.
 *
 * @throws FaultError (CannotParseExternalData) naming `source` when the bytes are not valid for the format.
 * @example
 * for await (const piece of decompress(fileBytes(path), 'xz', path)) consume(piece);
 */
export function decompress(raw: AsyncIterable<Uint8Array>, format: Exclude<CompressionFormat, 'zip'>, source: string): AsyncIterable<Uint8Array> {
  const decoded = DECODERS[format](raw);
  return named(decoded, format, source);
}

const DECODERS: Record<Exclude<CompressionFormat, 'zip'>, (raw: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array>> = {
  gz: gunzip,
  bz2: bunzip2,
  xz: unxz,
  zst: unzstd,
  sz: snappyFramedDecode,
};

/** Rethrows a decoder's error as a fault naming the file; faults from the raw source pass through. */
async function* named(decoded: AsyncIterable<Uint8Array>, format: CompressionFormat, source: string): AsyncIterable<Uint8Array> {
  try {
    yield* decoded;
  } catch (error) {
    if (error instanceof FaultError) throw error;
    throw cannotReadInput(`Cannot decompress [${source}] as ${format}: ${(error as Error).message}`);
  }
}

async function* gunzip(raw: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const inflater = createGunzip({ chunkSize: PIECE_BYTES });
  let sourceError: unknown;
  pipeline(Readable.from(raw), inflater, (error) => {
    sourceError = error;
  });
  try {
    for await (const piece of inflater) yield piece as Buffer;
  } catch (error) {
    throw sourceError instanceof FaultError ? sourceError : error;
  }
}

/**
 * bzip2 through unbzip2-stream, driven by hand: each `write` decodes the whole blocks it completes and
 * emits them synchronously, so output is collected after every write and yielded.
 */
async function* bunzip2(raw: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const decoder = unbzip2Stream();
  const out: Uint8Array[] = [];
  let failure: Error | undefined;
  decoder.on('data', (piece) => out.push(piece));
  decoder.on('error', (error) => {
    failure ??= error;
  });
  const drain = function* () {
    if (failure) throw failure;
    while (out.length > 0) yield out.shift()!;
  };
  for await (const piece of raw) {
    decoder.write(piece);
    yield* drain();
  }
  decoder.end();
  yield* drain();
}

/** xz through xz-decompress (a WebAssembly build of xz-embedded), which works on web streams. */
async function* unxz(raw: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const decoded = new xzDecompress.XzReadableStream(ReadableStream.from(raw) as ReadableStream<Uint8Array>);
  for await (const piece of decoded as unknown as AsyncIterable<Uint8Array>) yield piece;
}

/** zstd through fzstd's streaming decoder, which calls back with each decoded block. */
async function* unzstd(raw: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const out: Uint8Array[] = [];
  const decoder = new ZstdDecompress((piece) => {
    out.push(piece);
  });
  let any = false;
  for await (const piece of raw) {
    if (piece.length === 0) continue;
    any = true;
    decoder.push(piece);
    while (out.length > 0) yield out.shift()!;
  }
  if (any) decoder.push(new Uint8Array(0), true);
  while (out.length > 0) yield out.shift()!;
}
