import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseInterval, type RowSignature } from '@silt/common';
import { type Frame, type StringColumn, decodeFrameHeader, decodeStringBlockBytes, encodeFrame, frameFromRows } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { type ColumnSource, frameColumnSource, selectSourceColumns, stringPiecesOf, writeSegmentFileSync } from '../src/index.ts';
import { rng } from '../../../test/support/random.ts';

const SIGNATURE: RowSignature = [
  { name: '__time', type: 'LONG' },
  { name: 'page', type: 'STRING' },
  { name: 'extra', type: 'STRING' },
  { name: 'added', type: 'LONG' },
];
const META = { interval: parseInterval('2015-09-12/2015-09-13'), dimensions: ['page'], metrics: ['added'], rollup: false };

/** Column `c` of `frame` as a frame file stores it: encoded alone, its STRING block read back as bytes. */
function stringBytesOf(frame: Frame, c: number) {
  const column = frame.columns[c] as StringColumn;
  const bytes = encodeFrame({ signature: [SIGNATURE[c]!], numRows: frame.numRows, columns: [column] });
  return decodeStringBlockBytes(bytes, decodeFrameHeader(bytes).columnsAt, frame.numRows);
}

describe('a column source that gives STRING columns as UTF-8 (the segment generator\'s runs)', () => {
  it('writes the same segment file as the frames it was read from, through a row order and a column selection', () => {
    const random = rng(5);
    const pages = ['Main Page', 'Ünïcödé', '', '😀 emoji', 'Main', 'Main Page 2'];
    const frames = [0, 1, 2].map((k) =>
      frameFromRows(
        SIGNATURE,
        Array.from({ length: 40 + k * 7 }, (_, r) => [1_442_016_000_000 + r * 1000, random() < 0.1 ? null : pages[Math.floor(random() * pages.length)]!, `x${r % 3}`, r]),
      ),
    );
    const numRows = frames.reduce((n, f) => n + f.numRows, 0);
    const order = Int32Array.from({ length: numRows }, (_, i) => (i * 37) % numRows);
    const plain = frameColumnSource(frames);
    const bytesSource: ColumnSource = { ...plain, stringBytes: (c) => stringPiecesOf(frames.map((f) => stringBytesOf(f, c))) };
    const dir = mkdtempSync(join(tmpdir(), 'silt-string-bytes-'));
    try {
      const write = (source: ColumnSource, name: string) => {
        const path = join(dir, name);
        writeSegmentFileSync(path, selectSourceColumns(source, ['__time', 'page', 'added']), order, META);
        return readFileSync(path);
      };
      expect(write(bytesSource, 'bytes').equals(write(plain, 'strings'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
