import { compress } from 'snappyjs';
import { maskedCrc32c } from '../../src/crc32c.ts';

const BLOCK = 65_536;

/**
 * Encodes bytes in the Snappy framing format (stream identifier, then one chunk per 64 KiB block:
 * compressed when that is smaller, stored otherwise), as `snzip -t framing2` or xerial's
 * SnappyFramedOutputStream write it. Test-only: the input layer only decodes.
 */
export function snappyFramedEncode(data: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [chunk(0xff, new TextEncoder().encode('sNaPpY'))];
  for (let offset = 0; offset < data.length; offset += BLOCK) {
    const block = data.subarray(offset, offset + BLOCK);
    const crc = le32(maskedCrc32c(block));
    const packed = compress(block);
    parts.push(packed.length < block.length ? chunk(0x00, concat(crc, packed)) : chunk(0x01, concat(crc, block)));
  }
  return concat(...parts);
}

/** One chunk: type byte, 24-bit little-endian length, data. */
export function chunk(type: number, data: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(type, data.length & 0xff, (data.length >> 8) & 0xff, (data.length >> 16) & 0xff), data);
}

function le32(n: number): Uint8Array {
  return Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
