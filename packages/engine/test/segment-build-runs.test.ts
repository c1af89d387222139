import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseInterval, type RowSignature } from '@silt/common';
import { concatFrames, encodeFrame, frameFromRows, frameToRows, readFrameFileSync, selectColumns, writeFrameFileSync } from '@silt/frame';
import { assembleSegmentFileSync, decodeSegment, writeSegmentFileSync } from '@silt/segment';
import { describe, expect, it } from 'vitest';
import { buildSegment, buildSegmentPart, sortSegmentRows } from '../src/exec/segment-build.ts';
import { segmentSortPermutation } from '../src/exec/segment-sort.ts';
import { rng } from '../../../test/support/random.ts';

const SIGNATURE: RowSignature = [
  { name: '__time', type: 'LONG' },
  { name: 'channel', type: 'STRING' },
  { name: 'page', type: 'STRING' },
  { name: 'tags', type: 'STRING' },
  { name: 'added', type: 'LONG' },
  { name: 'price', type: 'DOUBLE' },
  { name: 'attrs', type: 'COMPLEX<json>' },
];
const META = { interval: parseInterval('2015-09-12/2015-09-13'), dimensions: ['channel', 'page', 'tags'], metrics: ['added', 'price', 'attrs'], rollup: false };
const SORT = ['__time', 'channel', 'page'];

/** Run files as the shuffle writes them: several frames each, own dictionaries, nulls, multi-values, JSON. */
function writeRuns(dir: string, seed: number, count: number): string[] {
  const random = rng(seed);
  const start = Date.UTC(2015, 8, 12);
  return Array.from({ length: count }, (_, run) => {
    const frames = Array.from({ length: 1 + (run % 3) }, () =>
      frameFromRows(
        SIGNATURE,
        Array.from({ length: 1 + Math.floor(random() * 200) }, (_, r) => [
          start + Math.floor(random() * 3600) * 1000,
          random() < 0.05 ? null : `#c${Math.floor(random() * 9)}`,
          `Page ${Math.floor(random() * 500)}`,
          run % 4 === 1 && r % 3 === 0 ? ['x', `y${r % 4}`] : `t${Math.floor(random() * 5)}`,
          random() < 0.1 ? null : Math.floor(random() * 2000) - 1000,
          random() * 100,
          random() < 0.5 ? null : { k: r },
        ]),
      ),
    );
    const path = join(dir, `run-${run}`);
    writeFrameFileSync(path, frames.map(encodeFrame));
    return path;
  });
}

/** The in-memory path: every frame read whole, the keys concatenated and sorted, the segment encoded from the frames. */
function inMemorySegment(files: readonly string[], path: string): void {
  const frames = files.flatMap((f) => readFrameFileSync(f));
  const keys = frames.map((f) => selectColumns(f, SORT));
  writeSegmentFileSync(path, frames, segmentSortPermutation(concatFrames(keys[0]!.signature, keys), SORT), META);
}

describe('segments built from run files read column by column', () => {
  it('are the segment of the runs held in memory: byte for byte when whole, the same rows in the same order when assembled from parts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'silt-segment-runs-'));
    try {
      const files = writeRuns(dir, 5, 12);
      const expected = join(dir, 'expected.silt');
      inMemorySegment(files, expected);

      const whole = join(dir, 'whole.silt');
      const built = buildSegment(files, SORT, META, whole);
      expect(readFileSync(whole).equals(readFileSync(expected))).toBe(true);
      expect(built.signature).toEqual(SIGNATURE);
      expect(built.numRows).toBe(files.flatMap((f) => readFrameFileSync(f)).reduce((n, f) => n + f.numRows, 0));

      const orderPath = join(dir, 'order');
      expect(sortSegmentRows(files, SORT, orderPath).numRows).toBe(built.numRows);
      // Three part tasks of one segment share a claim counter. One after another, the first claims
      // every column; begun with two columns claimed (by a thread still at work on them), a part
      // takes the others.
      const claims = new Int32Array(new SharedArrayBuffer(4));
      const parts = [0, 1, 2].map((group) => buildSegmentPart(files, orderPath, SORT, META, claims, join(dir, `part-${group}`)).part);
      expect(parts.map((p) => p.columns.length)).toEqual([SIGNATURE.length, 0, 0]);
      const late = buildSegmentPart(files, orderPath, SORT, META, Int32Array.of(2), join(dir, 'late-part')).part;
      expect(late.columns.map((c) => c.name)).toEqual(parts[0]!.columns.slice(2).map((c) => c.name));
      rmSync(late.path);
      rmSync(orderPath);
      const assembled = join(dir, 'assembled.silt');
      assembleSegmentFileSync(assembled, parts, SIGNATURE, META);
      // Parts place their columns' blocks part by part, so only the bytes' order differs.
      const rowsOf = (path: string) => frameToRows(decodeSegment(readFileSync(path)).readColumns(SIGNATURE.map((c) => c.name)));
      expect(rowsOf(assembled)).toEqual(rowsOf(expected));
      expect(readdirSync(dir).filter((f) => !f.startsWith('run-')).sort()).toEqual(['assembled.silt', 'expected.silt', 'whole.silt']);

      // A part task that starts before the rows' order is written sorts them itself: the same parts.
      const earlyClaims = new Int32Array(new SharedArrayBuffer(4));
      const early = [0, 1, 2].map((group) => buildSegmentPart(files, orderPath, SORT, META, earlyClaims, join(dir, `early-${group}`)).part);
      const assembledEarly = join(dir, 'assembled-early.silt');
      assembleSegmentFileSync(assembledEarly, early, SIGNATURE, META);
      expect(readFileSync(assembledEarly).equals(readFileSync(assembled))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuse runs whose signatures differ', () => {
    const dir = mkdtempSync(join(tmpdir(), 'silt-segment-runs-'));
    try {
      const [a] = writeRuns(dir, 6, 1);
      const other = join(dir, 'other');
      writeFrameFileSync(other, [encodeFrame(frameFromRows(SIGNATURE.slice(0, 2), [[1, '#a']]))]);
      expect(() => buildSegment([a!, other], SORT, META, join(dir, 'bad.silt'))).toThrow(/same signature/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
