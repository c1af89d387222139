import { FaultError } from '@silt/common';
import { cannotReadInput } from '../../input-faults.ts';
import type { InputSplit } from '../../input-split.ts';
import type { RecordChunk } from '../../record-chunk.ts';
import { openRandomAccess, type RandomAccessFile } from '../random-access-file.ts';
import { SUPPORTED_COMPRESSION, decompressOrc } from './orc-compression.ts';
import { type OrcCompression, type OrcFooter, type OrcStripe, type OrcType, decodeFooter, decodePostScript } from './orc-proto.ts';

/**
 * What a worker needs to decode a chunk of ORC stripes on its own: the chunk's bytes are whole
 * stripes copied from the file (streams and stripe footer), described here with the file's
 * compression and type tree.
 */
export interface OrcChunkContext {
  readonly kind: 'orc';
  readonly compression: OrcCompression;
  readonly types: readonly OrcType[];
  /** The chunk's stripes, `offset` counted from the chunk's first byte. */
  readonly stripes: readonly OrcStripe[];
}

const MAGIC = new TextEncoder().encode('ORC');
const TAIL_BYTES = 16 * 1024;

/** Reads and decodes a file's postscript and footer (see orc-proto.ts). */
async function readTail(file: RandomAccessFile, source: string): Promise<{ compression: OrcCompression; footer: OrcFooter }> {
  const tailLength = Math.min(file.size, TAIL_BYTES);
  const tail = await file.read(file.size - tailLength, tailLength);
  const postScriptLength = tail[tail.length - 1]!;
  if (postScriptLength + 1 > tail.length) throw new Error('the postscript length points before the file start');
  const postScript = decodePostScript(tail.subarray(tail.length - 1 - postScriptLength, tail.length - 1));
  if (postScript.magic !== 'ORC') throw new Error('no ORC postscript at the end of the file');
  if (!SUPPORTED_COMPRESSION.includes(postScript.compression)) {
    throw cannotReadInput(`ORC file [${source}] uses compression [${postScript.compression}], which is not supported; supported kinds are [${SUPPORTED_COMPRESSION.join(', ')}]`);
  }
  const footerEnd = file.size - 1 - postScriptLength;
  const footerStart = footerEnd - postScript.footerLength;
  if (footerStart < MAGIC.length) throw new Error('the footer length points before the file start');
  const tailStart = file.size - tailLength;
  const footerBytes = footerStart >= tailStart ? tail.subarray(footerStart - tailStart, footerEnd - tailStart) : await file.read(footerStart, postScript.footerLength);
  return { compression: postScript.compression, footer: decodeFooter(decompressOrc(footerBytes, postScript.compression)) };
}

/**
 * Streams an ORC split as chunks of whole stripes: consecutive stripes are put together until their
 * bytes reach `targetBytes`, so a chunk holds at least one stripe, and memory is bounded by the
 * largest stripe. `firstRecord` is the 1-based index in the file of the chunk's first row.
 *
 * @throws FaultError (CannotParseExternalData) when the file is not ORC, is corrupt, or uses an
 *   unsupported compression kind.
 */
export async function* orcChunks(split: InputSplit, targetBytes: number): AsyncIterable<RecordChunk> {
  const file = await openRandomAccess(split, MAGIC);
  try {
    let tail: Awaited<ReturnType<typeof readTail>>;
    try {
      if (file.size <= MAGIC.length) throw new Error(`it is only ${file.size} bytes long`);
      tail = await readTail(file, split.source);
    } catch (error) {
      if (error instanceof FaultError) throw error;
      throw cannotReadInput(`Cannot read the ORC file [${split.source}]: ${(error as Error).message}`);
    }
    const { stripes, types } = tail.footer;
    let firstRow = 0;
    for (let s = 0; s < stripes.length; ) {
      const start = stripes[s]!.offset;
      const group: OrcStripe[] = [];
      let end = start;
      let rows = 0;
      do {
        const stripe = stripes[s++]!;
        group.push({ ...stripe, offset: stripe.offset - start });
        end = stripe.offset + stripe.indexLength + stripe.dataLength + stripe.footerLength;
        rows += stripe.numberOfRows;
      } while (s < stripes.length && end - start < targetBytes);
      const context: OrcChunkContext = { kind: 'orc', compression: tail.compression, types, stripes: group };
      if (rows > 0) yield { bytes: await file.read(start, end - start), source: split.source, firstRecord: firstRow + 1, context };
      firstRow += rows;
    }
  } finally {
    await file.close();
  }
}
