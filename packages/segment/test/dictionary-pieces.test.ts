import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseInterval, type RowSignature } from '@silt/common';
import { frameFromRows, valueAt } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { compressBlock, decompressBlock, storePieces } from '../src/block-codec.ts';
import { decodeDictionaryBlock, dictionaryBlockPieces } from '../src/dictionary-block.ts';
import { EncodeScratch } from '../src/encode-scratch.ts';
import { decodeSegment, encodeSegment, SegmentFile, writeSegmentFileSync } from '../src/index.ts';
import { sortedDictionary, stringPiecesOf } from '../src/sorted-dictionary.ts';
import { stringBytesOf } from '../src/string-bytes.ts';

const concat = (pieces: readonly Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(pieces));

/** The sorted dictionary of `values` (one piece, every value used once). */
function dictionaryOf(values: readonly string[]) {
  const column = { kind: 'string' as const, dictionary: [...values], ids: Int32Array.from(values, (_, i) => i) };
  return sortedDictionary(stringPiecesOf([stringBytesOf(column, values.length)]), values.length, new EncodeScratch(values.length));
}

describe('dictionary blocks made in pieces', () => {
  it('decode to the sorted values however small the pieces, a suffix longer than a piece being a piece of its own', () => {
    const long = 'ü'.repeat(200);
    const values = ['zeta', '', 'alpha', 'alphabet', long, `${long}!`, 'b', ...Array.from({ length: 300 }, (_, i) => `page ${i}`)];
    const expected = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const pieceBytes of [16, 64, 1000, 1 << 20]) {
      // Each piece is copied before the next is made: they share one buffer.
      const pieces = Array.from(dictionaryBlockPieces(dictionaryOf(values), pieceBytes), (p) => p.slice());
      expect(decodeDictionaryBlock(concat(pieces)), `pieces of ${pieceBytes}`).toEqual(expected);
      // Only the long suffix (400 UTF-8 bytes) outgrows a piece.
      expect(pieces.every((p) => p.length <= pieceBytes || p.length === Buffer.byteLength(long))).toBe(true);
      expect(pieces.length > 1).toBe(pieceBytes <= 1000);
    }
  });

  it('still decode blocks of earlier writers, whose length regions come first', () => {
    // D = 3, flags 1 (ASCII), P = 3, L = 3; "ab", "abc", "b" front-coded.
    const header = [3, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0];
    const block = Uint8Array.from([...header, 0, 2, 0, 2, 1, 1, ...Buffer.from('abcb')]);
    expect(decodeDictionaryBlock(block)).toEqual(['ab', 'abc', 'b']);
  });

  it('refuse a block whose length regions, read from its end, do not fit it', () => {
    const block = concat(Array.from(dictionaryBlockPieces(dictionaryOf(['ab', 'abc', 'b'])), (p) => p.slice()));
    expect(decodeDictionaryBlock(block)).toEqual(['ab', 'abc', 'b']);
    const overlong = block.slice();
    new DataView(overlong.buffer).setUint32(overlong.length - 8, 1000, true);
    expect(() => decodeDictionaryBlock(overlong)).toThrow(/Corrupt segment: dictionary overruns its block/);
    expect(() => decodeDictionaryBlock(block.subarray(0, 20))).toThrow(/Corrupt segment/);
  });

  it('are stored piece by piece, each compressed on its own, and joined back on reading', () => {
    let x = 7;
    const noise = Uint8Array.from({ length: 4096 }, () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24);
    const text = Uint8Array.from({ length: 8192 }, (_, i) => 97 + (i % 7));
    const written: Uint8Array[] = [];
    const stored = storePieces([text, noise, text.subarray(0, 100)], (piece, at) => {
      expect(at).toBe(written.reduce((n, w) => n + w.length, 0));
      written.push(piece.bytes.slice());
    });
    expect(stored.codec).toBe('pieces');
    expect(stored.rawLength).toBe(8192 + 4096 + 100);
    const bytes = concat(written);
    expect(stored.storedLength).toBe(bytes.length);
    expect(bytes.length).toBeLessThan(stored.rawLength);
    expect(decompressBlock(bytes, 'pieces', stored.rawLength)).toEqual(concat([text, noise, text.subarray(0, 100)]));
    // One piece is an ordinary block.
    expect(storePieces([text], () => {})).toEqual({ codec: 'brotli', storedLength: compressBlock(text).bytes.length, rawLength: 8192 });
    // A piece table that points past its block is refused.
    const corrupt = bytes.slice();
    corrupt[corrupt.length - 4] = 200;
    expect(() => decompressBlock(corrupt, 'pieces', stored.rawLength)).toThrow(/Corrupt segment: bad piece table/);
  });

  it('make a large column a `pieces` block in the segment file, read back as written, in memory and from disk', () => {
    const signature: RowSignature = [
      { name: '__time', type: 'LONG' },
      { name: 'comment', type: 'STRING' },
    ];
    const interval = parseInterval('2015-09-12/2015-09-13');
    // 120k distinct values of about 45 bytes: 5 MiB of dictionary, over one 4 MiB piece.
    const rows = Array.from({ length: 120_000 }, (_, i) => [interval.start + i, `${(i * 7919) % 120_000} reverted edits by an anonymous user`]);
    const frame = frameFromRows(signature, rows);
    const meta = { interval, dimensions: ['comment'], metrics: [], rollup: false };
    const dir = mkdtempSync(join(tmpdir(), 'silt-pieces-'));
    try {
      const path = join(dir, 'index.silt');
      writeSegmentFileSync(path, [frame], null, meta);
      for (const segment of [decodeSegment(encodeSegment([frame], meta)), SegmentFile.openSync(path)]) {
        const [dictionary] = segment.column('comment').blocks;
        expect(dictionary!.codec).toBe('pieces');
        expect(dictionary!.rawLength).toBeGreaterThan(4 << 20);
        const column = segment.readColumns(['comment']).columns[0]!;
        expect(Array.from({ length: rows.length }, (_, r) => valueAt(column, r))).toEqual(rows.map((r) => r[1]));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
