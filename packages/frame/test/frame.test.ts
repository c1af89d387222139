import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RowSignature } from '@silt/common';
import { describe, expect, it } from 'vitest';
import {
  FrameFileWriter,
  concatFrames,
  decodeFrame,
  encodeFrame,
  frameFromRows,
  frameToRows,
  gatherFrame,
  isDistinctDictionary,
  isLongValues,
  markDistinctDictionary,
  markLongValues,
  readFrameFile,
  sliceFrame,
  sortPermutation,
} from '../src/index.ts';

const signature: RowSignature = [
  { name: '__time', type: 'LONG' },
  { name: 'page', type: 'STRING' },
  { name: 'added', type: 'DOUBLE' },
  { name: 'tags', type: 'ARRAY<STRING>' },
];
const rows = [
  [1442018818771, 'Peremptory norm', 1.5, ['a', 'b']],
  [1442018820496, null, null, null],
  [1442018825474, 'Gypsy Danger — ünïcödé', -3, []],
  [1442018818771, 'Peremptory norm', 0, ['c']],
];

describe('frames', () => {
  it('round-trips rows, nulls, unicode and object values through the binary codec', () => {
    const frame = frameFromRows(signature, rows);
    const bytes = encodeFrame(frame);
    expect(bytes.byteLength % 8).toBe(0);
    expect(frameToRows(decodeFrame(bytes))).toEqual(rows);
  });
  it('round-trips all-ASCII and mixed dictionaries, and whether a dictionary is known distinct', () => {
    const sig: RowSignature = [{ name: 's', type: 'STRING' }];
    const ascii = markDistinctDictionary(['', 'a', 'Peremptory norm', '\u007f']);
    const mixed = ['é', 'a', 'a', '😀', '\ud800'];
    const decodedAscii = decodeFrame(encodeFrame({ signature: sig, numRows: 4, columns: [{ kind: 'string', ids: Int32Array.of(0, 1, 2, 3), dictionary: ascii }] }));
    const decodedMixed = decodeFrame(encodeFrame({ signature: sig, numRows: 5, columns: [{ kind: 'string', ids: Int32Array.of(0, 1, 2, 3, 4), dictionary: mixed }] }));
    expect(frameToRows(decodedAscii).flat()).toEqual(ascii);
    expect(frameToRows(decodedMixed).flat()).toEqual(['é', 'a', 'a', '😀', '\ufffd']);
    expect(isDistinctDictionary((decodedAscii.columns[0] as { dictionary: readonly string[] }).dictionary)).toBe(true);
    expect(isDistinctDictionary((decodedMixed.columns[0] as { dictionary: readonly string[] }).dictionary)).toBe(false);
  });
  it('decodes from an unaligned buffer by copying', () => {
    const bytes = encodeFrame(frameFromRows(signature, rows));
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    expect(frameToRows(decodeFrame(shifted.subarray(3)))).toEqual(rows);
  });
  it('decodes only the named columns, into arrays of their own', () => {
    const bytes = encodeFrame(frameFromRows(signature, rows));
    const some = decodeFrame(bytes, new Set(['added', 'page']));
    expect(some.signature.map((c) => c.name)).toEqual(['page', 'added']);
    expect(frameToRows(some)).toEqual(rows.map((r) => [r[1], r[2]]));
    // Copies, not views: the frame's bytes can go.
    const added = some.columns[1]!;
    expect(added.kind === 'numeric' && added.values.buffer !== bytes.buffer).toBe(true);
  });
  it('refuses bytes that are not a frame', () => {
    expect(() => decodeFrame(new Uint8Array(32))).toThrow(/bad magic/);
  });
  it('sorts stably with nulls first ascending and last descending', () => {
    const frame = frameFromRows(signature, rows);
    expect(Array.from(sortPermutation(frame, [{ column: 1 }]))).toEqual([1, 2, 0, 3]);
    expect(Array.from(sortPermutation(frame, [{ column: 2, descending: true }]))).toEqual([0, 3, 2, 1]);
    expect(Array.from(sortPermutation(frame, [{ column: 0 }, { column: 2 }]))).toEqual([3, 0, 1, 2]);
  });
  it('gathers and concatenates frames with merged dictionaries', () => {
    const a = frameFromRows(signature, rows.slice(0, 2));
    const b = frameFromRows(signature, rows.slice(2));
    expect(frameToRows(concatFrames(signature, [a, b]))).toEqual(rows);
    expect(frameToRows(gatherFrame(a, [1, 0]))).toEqual([rows[1], rows[0]]);
  });
  it('slices rows as views of the same arrays, keeping what is known of them', () => {
    const frame = frameFromRows(signature, rows);
    const time = frame.columns[0]!;
    if (time.kind !== 'numeric') throw new Error('expected a numeric column');
    markLongValues(time.values);
    const slice = sliceFrame(frame, 1, 3);
    expect(frameToRows(slice)).toEqual(rows.slice(1, 3));
    const [sliceTime, slicePage, sliceAdded] = slice.columns;
    if (sliceTime?.kind !== 'numeric' || slicePage?.kind !== 'string' || sliceAdded?.kind !== 'numeric') throw new Error('unexpected kinds');
    expect(sliceTime.values.buffer).toBe(time.values.buffer);
    expect(isLongValues(sliceTime.values)).toBe(true);
    expect(isLongValues(sliceAdded.values)).toBe(false);
    expect(slicePage.dictionary).toBe((frame.columns[1] as { dictionary: readonly string[] }).dictionary);
    expect(sliceFrame(frame, 0, frame.numRows)).toBe(frame);
    expect(sliceFrame(frame, 2, 2).numRows).toBe(0);
  });
  it('streams frames through a frame file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'silt-frame-')), 'part.frames');
    const w = await FrameFileWriter.create(path);
    for (let i = 0; i < 50; i++) await w.write(frameFromRows(signature, rows));
    await w.close();
    expect(w.rows).toBe(200);
    let count = 0;
    for await (const f of readFrameFile(path)) {
      expect(frameToRows(f)).toEqual(rows);
      count++;
    }
    expect(count).toBe(50);
  });
});

describe('multi-value strings', () => {
  it('switch a STRING column to an object column and survive concatenation', () => {
    const sig: RowSignature = [{ name: 'tags', type: 'STRING' }];
    const a = frameFromRows(sig, [['x'], [null]]);
    const b = frameFromRows(sig, [[['y', 'z']], ['w']]);
    expect(a.columns[0]!.kind).toBe('string');
    expect(b.columns[0]!.kind).toBe('object');
    expect(frameToRows(concatFrames(sig, [a, b]))).toEqual([['x'], [null], [['y', 'z']], ['w']]);
  });
});
