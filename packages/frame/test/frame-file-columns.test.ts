import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RowSignature } from '@silt/common';
import { describe, expect, it } from 'vitest';
import { encodeFrame, frameFromRows, indexFrameFileSync, readFrameFileColumnSync, readFrameFileStringBytesSync, readFrameFileSync, valueAt, writeFrameFileSync } from '../src/index.ts';

const signature: RowSignature = [
  { name: '__time', type: 'LONG' },
  { name: 'page', type: 'STRING' },
  { name: 'added', type: 'DOUBLE' },
  { name: 'tags', type: 'ARRAY<STRING>' },
  { name: 'delta', type: 'LONG' },
];

describe('frame files read one column at a time', () => {
  it('read every column of every frame as the whole-frame reader does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'silt-frame-columns-'));
    try {
      const frames = [
        frameFromRows(signature, [
          [1, 'Peremptory norm', 1.5, ['a', 'b'], 3],
          [2, null, null, null, 4],
          [3, 'Gypsy Danger — ünïcödé', -3, [], 5],
        ]),
        frameFromRows(signature, [[4, 'x', 2, ['c'], null]]),
        frameFromRows(signature, Array.from({ length: 100 }, (_, i) => [i, `p${i % 7}`, i / 3, [`t${i}`], i % 5 === 0 ? null : -i])),
      ];
      const path = join(dir, 'run');
      writeFrameFileSync(path, frames.map(encodeFrame));
      const index = indexFrameFileSync(path);
      expect(index.frames.map((f) => f.numRows)).toEqual([3, 1, 100]);
      expect(index.frames[0]!.blocks.map((b) => b.kind)).toEqual(['numeric', 'string', 'numeric', 'object', 'numeric']);
      const whole = readFrameFileSync(path);
      signature.forEach((c, i) => {
        const pieces = readFrameFileColumnSync(index, i);
        expect(pieces).toHaveLength(3);
        pieces.forEach((piece, k) => {
          const rows = Array.from({ length: whole[k]!.numRows }, (_, r) => r);
          expect(rows.map((r) => valueAt(piece, r)), c.name).toEqual(rows.map((r) => valueAt(whole[k]!.columns[i]!, r)));
        });
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('read a STRING column with its dictionary as UTF-8, the same values as the decoded column, and refuse other kinds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'silt-frame-columns-'));
    try {
      const frames = [
        frameFromRows(signature, [
          [1, 'Gypsy Danger — ünïcödé 😀', 1, [], 1],
          [2, null, 2, [], 2],
          [3, '', 3, [], 3],
        ]),
        frameFromRows(signature, Array.from({ length: 50 }, (_, i) => [i, `p${i % 7}`, i, [], i])),
        frameFromRows(signature, [[4, 'q', 4, [], 4]]),
      ];
      const path = join(dir, 'run');
      writeFrameFileSync(path, frames.map(encodeFrame));
      const index = indexFrameFileSync(path);
      const decoded = readFrameFileColumnSync(index, 1);
      // Each frame's column is read into the same buffer (grown when needed), so it is checked before the next is read.
      const buffers = new Set<ArrayBufferLike>();
      let k = 0;
      for (const { data, offsets, ids } of readFrameFileStringBytesSync(index, 1)) {
        expect(ids).toHaveLength(frames[k]!.numRows);
        const values = Array.from(ids, (id) => (id < 0 ? null : Buffer.from(data.subarray(offsets[id]!, offsets[id + 1]!)).toString('utf8')));
        expect(values).toEqual(Array.from(ids, (_, r) => valueAt(decoded[k]!, r)));
        buffers.add(data.buffer);
        k++;
      }
      expect(k).toBe(frames.length);
      expect(buffers.size).toBeLessThan(frames.length);
      expect(() => [...readFrameFileStringBytesSync(index, 0)]).toThrow(/not a string column/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('indexes frames whose signature is longer than the first read, and an empty file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'silt-frame-columns-'));
    try {
      const wide: RowSignature = Array.from({ length: 300 }, (_, i) => ({ name: `column_with_a_long_name_${i}`, type: i === 0 ? 'LONG' : 'STRING' }));
      const path = join(dir, 'wide');
      writeFrameFileSync(path, [encodeFrame(frameFromRows(wide, [wide.map((_, i) => (i === 0 ? 7 : `v${i}`))]))]);
      const index = indexFrameFileSync(path);
      expect(index.frames[0]!.signature).toEqual(wide);
      expect(valueAt(readFrameFileColumnSync(index, 299)[0]!, 0)).toBe('v299');
      const empty = join(dir, 'empty');
      writeFileSync(empty, new Uint8Array(0));
      expect(indexFrameFileSync(empty).frames).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuse a column the frames do not have, and a truncated file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'silt-frame-columns-'));
    try {
      const path = join(dir, 'run');
      const frames = [0, 1].map((k) => frameFromRows(signature, Array.from({ length: 20 }, (_, i) => [i, `p${i}`, i, [], k])));
      writeFrameFileSync(path, frames.map(encodeFrame));
      const index = indexFrameFileSync(path);
      expect(() => readFrameFileColumnSync(index, 5)).toThrow(/has no column 5/);
      expect(() => [...readFrameFileStringBytesSync(index, 5)]).toThrow(/has no column 5/);
      // Cut inside the second frame: indexing it fails, and so does reading a column through an index made before the cut.
      const bytes = readFileSync(path);
      writeFileSync(path, bytes.subarray(0, bytes.length - 100));
      expect(() => indexFrameFileSync(path)).toThrow(/Truncated frame file|Corrupt frame file/);
      expect(() => readFrameFileColumnSync(index, 4)).toThrow(/Truncated frame file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
