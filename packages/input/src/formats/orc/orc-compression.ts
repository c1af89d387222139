import { inflateRawSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { uncompress as snappyUncompress } from 'snappyjs';
import type { OrcCompression } from './orc-proto.ts';

/** The compression kinds this reader decompresses. */
export const SUPPORTED_COMPRESSION: readonly OrcCompression[] = ['NONE', 'ZLIB', 'SNAPPY', 'ZSTD'];

/**
 * Undoes ORC's chunked compression (see orc-proto.ts): each chunk has a 3-byte little-endian header
 * `length << 1 | isOriginal`, then `length` bytes, stored as is or compressed on their own.
 *
 * @throws Error for an unsupported kind or corrupt data.
 */
export function decompressOrc(bytes: Uint8Array, kind: OrcCompression): Uint8Array {
  if (kind === 'NONE') return bytes;
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let pos = 0; pos < bytes.length; ) {
    if (pos + 3 > bytes.length) throw new Error('ORC compression chunk header is cut off');
    const header = bytes[pos]! | (bytes[pos + 1]! << 8) | (bytes[pos + 2]! << 16);
    const length = header >>> 1;
    const chunk = bytes.subarray(pos + 3, pos + 3 + length);
    if (chunk.length < length) throw new Error('ORC compression chunk is cut off');
    const part = header & 1 ? chunk : inflate(chunk, kind);
    parts.push(part);
    total += part.length;
    pos += 3 + length;
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function inflate(chunk: Uint8Array, kind: OrcCompression): Uint8Array {
  switch (kind) {
    case 'ZLIB':
      return inflateRawSync(chunk);
    case 'SNAPPY':
      return snappyUncompress(chunk);
    case 'ZSTD':
      return zstdDecompress(chunk);
    default:
      throw new Error(`ORC compression [${kind}] is not supported; supported kinds are [${SUPPORTED_COMPRESSION.join(', ')}]`);
  }
}
