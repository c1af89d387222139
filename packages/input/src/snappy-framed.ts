/**
 * Decoder of the Snappy framing format (`.sz` files), streamed. The format, byte by byte:
 *
 * A stream is a sequence of chunks. Every chunk starts with a 4-byte header:
 *
 *     byte 0      chunk type
 *     bytes 1-3   length L of the chunk data that follows, unsigned little-endian (24 bits)
 *
 * then L bytes of data. Chunk types:
 *
 *     0xff        stream identifier: L = 6, data = ASCII "sNaPpY". It must be the first chunk; it may
 *                 appear again later (streams can be concatenated) and is then checked and ignored.
 *     0x00        compressed data: 4-byte masked CRC-32C (little-endian) of the UNcompressed data, then
 *                 one raw Snappy block (varint uncompressed length, then literals/copies) that
 *                 decompresses to at most 65,536 bytes.
 *     0x01        uncompressed data: 4-byte masked CRC-32C (little-endian) of the data, then at most
 *                 65,536 bytes of data stored as is.
 *     0x02-0x7f   reserved, unskippable: the stream cannot be read.
 *     0x80-0xfd   reserved, skippable: ignored.
 *     0xfe        padding: ignored.
 *
 * The masked CRC is `rotateRight(crc32c, 15) + 0xa282ead8` (see {@link maskedCrc32c}). Every data
 * chunk's checksum is verified. Raw blocks are decompressed with snappyjs; the framing is done here.
 */
import { uncompress } from 'snappyjs';
import { maskedCrc32c } from './crc32c.ts';

/** Largest uncompressed size of one data chunk. */
export const SNAPPY_MAX_BLOCK = 65_536;

const STREAM_IDENTIFIER = [0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]; // "sNaPpY"
const HEADER = 4;
const CHECKSUM = 4;

/**
 * Decodes a Snappy-framed byte stream into its uncompressed bytes, one data chunk at a time; only the
 * chunk being decoded is held in memory.
 *
 * @throws Error describing the first problem (missing stream identifier, bad checksum, reserved chunk
 *   type, truncated input); the caller names the file.
 * @example
 * for await (const piece of snappyFramedDecode(fileBytes('/data/x.json.sz'))) handle(piece);
 */
export async function* snappyFramedDecode(source: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  let pending: Uint8Array = new Uint8Array(0);
  let offset = 0; // stream offset of pending[0], for messages
  let sawIdentifier = false;
  for await (const piece of source) {
    pending = pending.length === 0 ? piece : concat(pending, piece);
    let at = 0;
    while (pending.length - at >= HEADER) {
      const type = pending[at]!;
      const length = pending[at + 1]! | (pending[at + 2]! << 8) | (pending[at + 3]! << 16);
      if (pending.length - at < HEADER + length) break;
      const data = pending.subarray(at + HEADER, at + HEADER + length);
      const where = offset + at;
      if (!sawIdentifier && type !== 0xff) throw new Error(`not a Snappy framed stream: it does not start with the stream identifier chunk`);
      const out = decodeChunk(type, data, where);
      if (type === 0xff) sawIdentifier = true;
      if (out && out.length > 0) yield out;
      at += HEADER + length;
    }
    offset += at;
    pending = pending.slice(at);
  }
  if (pending.length > 0) throw new Error(`truncated Snappy framed stream: ${pending.length} bytes of an incomplete chunk at offset ${offset}`);
}

/** The uncompressed bytes of one chunk (null for chunks that carry none). */
function decodeChunk(type: number, data: Uint8Array, where: number): Uint8Array | null {
  if (type === 0xff) {
    if (data.length !== STREAM_IDENTIFIER.length || STREAM_IDENTIFIER.some((b, i) => data[i] !== b)) {
      throw new Error(`bad Snappy stream identifier at offset ${where}`);
    }
    return null;
  }
  if (type === 0x00 || type === 0x01) {
    if (data.length < CHECKSUM) throw new Error(`Snappy data chunk at offset ${where} is too short to hold its checksum`);
    const expected = (data[0]! | (data[1]! << 8) | (data[2]! << 16) | (data[3]! << 24)) >>> 0;
    const body = data.subarray(CHECKSUM);
    let out: Uint8Array;
    if (type === 0x01) {
      if (body.length > SNAPPY_MAX_BLOCK) throw new Error(`Snappy uncompressed chunk at offset ${where} holds ${body.length} bytes (max ${SNAPPY_MAX_BLOCK})`);
      out = body.slice();
    } else {
      try {
        out = uncompress(body, SNAPPY_MAX_BLOCK);
      } catch (error) {
        throw new Error(`bad Snappy compressed chunk at offset ${where}: ${(error as Error).message}`);
      }
    }
    const actual = maskedCrc32c(out);
    if (actual !== expected) {
      throw new Error(`Snappy checksum mismatch in the chunk at offset ${where}: stored 0x${hex(expected)}, computed 0x${hex(actual)}`);
    }
    return out;
  }
  if (type <= 0x7f) throw new Error(`reserved unskippable Snappy chunk type 0x${type.toString(16)} at offset ${where}`);
  return null; // 0x80-0xfd reserved skippable, 0xfe padding
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
